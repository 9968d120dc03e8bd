// `npm run workers:pause|continue|terminate|restart|scale|status` — remote control
// of the workers over Redis, so it reaches every host (Horizon's horizon:pause,
// horizon:continue, horizon:terminate, horizon:status).
//
//   npm run workers:pause                              every master (all hosts)
//   npm run workers:pause -- --supervisor=supervisor-1 that supervisor on every host
//   npm run workers:continue -- --host=web-2           the master of one host
//   npm run workers:restart                            fresh supervisors and worker processes (deploys)
//   npm run workers:scale -- --supervisor=supervisor-1 --processes=6
//   npm run workers:status [-- --json]                 exit 0 running/paused, 1 inactive
import type { Redis } from "ioredis";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/app-error";
import { createRedis } from "@/lib/redis/connection";
import { supervisorCommandSchema } from "@/lib/supervisor/commands";
import { controlWorkers, workersStatus, type WorkersStatus } from "@/lib/supervisor/control";
import { redactUrl } from "@/workers/services";

const actions = ["pause", "continue", "terminate", "restart", "scale", "status"] as const;
const argsSchema = z.object({
  action: z.enum(actions),
  supervisor: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  master: z.string().min(1).optional(),
  processes: z.coerce.number().int().min(0).optional(),
  json: z.boolean(),
});

function parseArgs(argv: string[]): z.infer<typeof argsSchema> {
  const flags = Object.fromEntries(argv.filter((a) => a.startsWith("--")).map((a) => {
    const [k, ...v] = a.slice(2).split("=");
    return [k, v.length ? v.join("=") : true];
  }));
  const parsed = argsSchema.safeParse({ action: argv[0], ...flags, json: flags.json === true });
  if (!parsed.success) {
    throw new Error(`usage: workers-control.ts <${actions.join("|")}> [--supervisor=NAME] [--host=HOST] [--master=NAME] [--processes=N] [--json]\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return parsed.data;
}

function printStatus(s: WorkersStatus): void {
  console.log(`Workers are ${s.status === "inactive" ? "inactive" : s.status}.`);
  for (const m of s.masters) {
    console.log(`\nmaster ${m.name}  host=${m.host} pid=${m.pid} ${m.status} env=${m.environment} mem=${m.memoryMb}MB`);
    for (const sup of s.supervisors.filter((x) => x.master === m.name)) {
      const pools = Object.entries(sup.processes).map(([q, n]) => `${q}=${n}`).join(" ");
      console.log(`  ${sup.supervisor.padEnd(16)} ${sup.status.padEnd(8)} balance=${String(sup.balance).padEnd(6)} ${pools}  mem=${sup.memoryMb}MB`);
    }
  }
  const perQueue = Object.entries(s.workersPerQueue).map(([q, n]) => `${q}=${n}`).join(" ");
  if (perQueue) console.log(`\nprocesses per queue (all hosts): ${perQueue}`);
}

/** Waits for the connection, or fails with a clear message instead of hanging while Redis is down. */
async function ready(redis: Redis): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis at ${redactUrl(env().REDIS_URL)} is not reachable`)), 5_000);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const redis = createRedis();
  redis.on("error", () => {});
  try {
    await ready(redis);
    if (args.action === "status") {
      const status = await workersStatus(redis);
      if (args.json) console.log(JSON.stringify(status, null, 2));
      else printStatus(status);
      return status.status === "inactive" ? 1 : 0;
    }
    const command = supervisorCommandSchema.parse(
      args.action === "scale" ? { type: "scale", processes: args.processes } : { type: args.action },
    );
    const { sentTo } = await controlWorkers(redis, command, { supervisor: args.supervisor, host: args.host, master: args.master });
    console.log(`${args.action} sent to ${sentTo.join(", ")}`);
    return 0;
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof AppError || error instanceof Error ? error.message : String(error));
    process.exit(error instanceof AppError && error.status === 404 ? 1 : 2);
  },
);
