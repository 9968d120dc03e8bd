// `npm run workers`: the master process of this host. Loads and validates the
// config (a bad value stops here, naming the field), waits for Redis and
// PostgreSQL (retrying with backoff), then runs the master: one child process
// per supervisor, housekeeping schedules, heartbeats, remote control.
// SIGTERM/SIGINT stop it gracefully (see docs/WORKERS.md).
import "./env-gate"; // first: a bad environment variable exits 78 before another import reads it
import { config, ConfigError } from "@/lib/config";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { HOUSEKEEPING_TASKS, startHousekeeping, type Housekeeping } from "@/lib/metrics/housekeeping";
import { closeQueues } from "@/lib/queue";
import { createRedis, redisProbeUrl } from "@/lib/redis/connection";
import { hostSlug, masterName } from "@/lib/supervisor/names";
import { registerScheduledJobs, SCHEDULED_JOBS } from "@/lib/supervisor/schedules";
import { arenaCapWarning, onGlibc } from "./malloc-arenas";
import { MasterSupervisor } from "./master";
import { redactUrl, waitForServices } from "./services";

async function main(): Promise<void> {
  const cfg = config();
  const host = hostSlug(env().WORKERS_HOST);
  const name = masterName(host);
  const log = logger.child({ master: name, role: "master" });
  for (const warning of cfg.warnings) log.warn(warning);
  const arenaWarning = arenaCapWarning(process.env, onGlibc);
  if (arenaWarning) log.warn(arenaWarning);

  // Before anything else: a signal while we wait for the services ends the wait.
  const shutdown = new AbortController();
  let master: MasterSupervisor | null = null;
  const onSignal = (signal: string) => {
    log.info({ signal }, "shutdown requested");
    shutdown.abort();
    void master?.terminate();
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));

  log.info({ environment: cfg.environment, host, prefix: env().REDIS_PREFIX, redis: redactUrl(redisProbeUrl()), cluster: Boolean(env().REDIS_CLUSTER_NODES), supervisors: cfg.supervisors.map((s) => s.name) }, "workers starting");
  const ready = await waitForServices({ redisUrl: redisProbeUrl(), databaseUrl: env().DATABASE_URL }, log, shutdown.signal);
  if (!ready) {
    log.info("stopped before the services came up");
    process.exit(0);
  }

  await import("@/lib/jobs");
  const redis = createRedis();
  redis.on("error", (error) => log.warn({ err: error }, "redis connection error"));
  let housekeeping: Housekeeping | null = null;
  try {
    const every = cfg.horizon.workers.housekeepingEveryMs;
    housekeeping = await startHousekeeping(every ? { everyMs: Object.fromEntries(Object.keys(HOUSEKEEPING_TASKS).map((task) => [task, every])) } : {});
    await registerScheduledJobs(SCHEDULED_JOBS, log);
  } catch (error) {
    // Schedules are retried by the next start of any host; the queues must not wait for them.
    log.error({ err: error }, "could not register the housekeeping schedules");
  }

  master = new MasterSupervisor({ name, host, startedAt: Date.now() }, cfg, redis, log, (code) => {
    void (async () => {
      await housekeeping?.close().catch(() => {});
      await closeQueues();
      redis.disconnect();
      process.exit(code);
    })();
  });
  if (shutdown.signal.aborted) return void master.terminate();
  master.start();
  log.info(`master ${name} running ${cfg.supervisors.length} supervisor(s)`);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    // The message names each bad field and what is allowed; nothing else to add.
    logger.fatal({ problems: error.problems }, error.message);
    process.exit(78);
  }
  logger.fatal({ err: error }, "workers failed to start");
  process.exit(1);
});
