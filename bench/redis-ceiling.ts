// `npm run bench:redis-ceiling`: what one Redis primary sustains for Switchyard jobs.
// A private redis-server (own port, so INFO counts only this bench) takes, per step:
//  1. produce: `--jobs` no-op jobs through lib/queue dispatchMany from `--producers` concurrent loops;
//  2. consume: `--consumers` child processes, each one runtime worker (createQueueWorker, the code the
//     worker processes run) at `--concurrency`, drain them.
// For each phase it prints jobs/s and the Redis main thread's CPU per job (INFO cpu, *_main_thread):
// Redis runs the scripts on that one thread, so 1 s / (CPU per produced + consumed job) is the ceiling
// of one primary if it had a core to itself; the busy % says how close a run came to it.
// Options: --jobs=20000 --consumers=1,2,4 --concurrency=50 --producers=4 --aof (appendonly everysec)
// --bare (also consume with a bare BullMQ Worker, `async () => undefined`: BullMQ's own share of the Redis work)
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    role: { type: "string" }, queue: { type: "string" }, jobs: { type: "string" }, consumers: { type: "string" },
    concurrency: { type: "string" }, producers: { type: "string" }, aof: { type: "boolean" }, bare: { type: "boolean" },
  },
});
const JOBS = Number(values.jobs ?? 20_000);
const CONSUMERS = (values.consumers ?? "1,2,4").split(",").map(Number);
const CONCURRENCY = Number(values.concurrency ?? 50);
const PRODUCERS = Number(values.producers ?? 4);
const CHUNK = 500;

process.env.LOG_LEVEL ??= "warn";

if (values.role === "worker") await runWorker();
else await main();

/** Child: one runtime (or --bare BullMQ) worker on the queue, started when the parent says "go", stopped by SIGTERM. */
async function runWorker(): Promise<void> {
  const q = await import("../lib/queue");
  await defineNoop(); // the worker's registry must know the job
  const { Worker } = await import("bullmq");
  const { createRedis } = await import("../lib/redis/connection");
  const worker = values.bare
    ? new Worker(values.queue!, async () => undefined, { connection: createRedis({ blocking: true }), prefix: process.env.REDIS_PREFIX, concurrency: CONCURRENCY, autorun: false })
    : q.createQueueWorker(values.queue!, { concurrency: CONCURRENCY, autorun: false });
  await worker.waitUntilReady();
  process.on("message", (m) => m === "go" && void worker.run());
  process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
  process.send!("ready");
}

async function defineNoop() {
  const q = await import("../lib/queue");
  const { z } = await import("zod");
  return { noop: q.defineJob({ name: "bench.ceiling-noop", queue: "ceiling", payload: z.object({ n: z.number() }), tries: 1, handle: async () => undefined }) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-ceiling-"));
  const persistence = values.aof ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"];
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", ...persistence], { stdio: "ignore" });
  process.env.REDIS_URL = `redis://127.0.0.1:${port}/0`;
  process.env.REDIS_PREFIX = "switchyard-ceiling";
  const children: ChildProcess[] = [];
  const cleanup = () => {
    for (const c of children) c.kill("SIGKILL");
    server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", cleanup);

  const { createRedis } = await import("../lib/redis/connection");
  const q = await import("../lib/queue");
  const { noop } = await defineNoop();
  const redis = createRedis();
  for (let i = 0; (await redis.ping().catch(() => "")) !== "PONG"; i++) {
    if (i > 100) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }

  /** Seconds of CPU the Redis main thread has used (where the Lua scripts run). */
  const redisCpu = async () => {
    const info = await redis.info("cpu");
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? NaN);
    return field("used_cpu_user_main_thread") + field("used_cpu_sys_main_thread");
  };
  /** Runs `work`, returns wall seconds and Redis main-thread CPU seconds used meanwhile. */
  const measure = async (work: () => Promise<void>) => {
    const cpu0 = await redisCpu();
    const t0 = performance.now();
    await work();
    const wall = (performance.now() - t0) / 1000;
    return { wall, cpu: (await redisCpu()) - cpu0 };
  };

  const rows: string[] = [];
  console.log(`redis-ceiling bench: ${JOBS} no-op jobs per step, ${PRODUCERS} producer loops (dispatchMany × ${CHUNK}), runtime workers at concurrency ${CONCURRENCY}, redis-server ${values.aof ? "appendonly everysec" : "no persistence"}`);
  const variants = values.bare ? ["runtime", "bare"] : ["runtime"];
  for (const consumers of CONSUMERS) for (const variant of variants) {
    const queue = `ceiling-${variant}-c${consumers}`;
    // 1. produce
    let next = 0;
    const produce = await measure(async () => {
      await Promise.all(Array.from({ length: PRODUCERS }, async () => {
        while (next < JOBS) {
          const from = next;
          next = Math.min(JOBS, next + CHUNK);
          await q.dispatchMany(noop, Array.from({ length: next - from }, (_, k) => ({ n: from + k })), { queue });
        }
      }));
    });
    // 2. consume: children boot first (not timed), then all start at once.
    const ready: Promise<void>[] = [];
    const group: ChildProcess[] = [];
    for (let i = 0; i < consumers; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", "bench/redis-ceiling.ts", "--role=worker", `--queue=${queue}`, `--concurrency=${CONCURRENCY}`, ...(variant === "bare" ? ["--bare"] : [])], {
        cwd: path.resolve(import.meta.dirname, ".."), env: process.env, stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      group.push(child);
      ready.push(new Promise((r) => child.once("message", () => r())));
    }
    await Promise.all(ready);
    const bull = q.getQueue(queue);
    const consume = await measure(async () => {
      for (const c of group) c.send("go");
      while ((await bull.getCompletedCount()) < JOBS) await new Promise((r) => setTimeout(r, 20));
    });
    await Promise.all(group.map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGTERM")))));
    const failed = await bull.getFailedCount();
    await bull.obliterate({ force: true });

    const us = (s: number) => (s * 1e6) / JOBS;
    const ceiling = 1e6 / (us(produce.cpu) + us(consume.cpu));
    rows.push(
      `${variant.padEnd(7)} | ${String(consumers).padStart(9)} | ${(JOBS / produce.wall).toFixed(0).padStart(10)} | ${us(produce.cpu).toFixed(0).padStart(13)} | ` +
        `${(JOBS / consume.wall).toFixed(0).padStart(10)} | ${us(consume.cpu).toFixed(0).padStart(13)} | ${((consume.cpu / consume.wall) * 100).toFixed(0).padStart(10)} % | ` +
        `${ceiling.toFixed(0).padStart(16)} | ${failed}`,
    );
    console.error(`  ${variant} consumers=${consumers}: produce ${produce.wall.toFixed(2)} s, consume ${consume.wall.toFixed(2)} s`);
  }
  console.log("worker  | consumers | produce/s  | Redis µs/add  | consume/s  | Redis µs/job  | Redis busy | ceiling jobs/s * | failed");
  for (const r of rows) console.log(r);
  console.log("* one Redis core, produce + consume: 1e6 / (µs/add + µs/job) of the Redis main thread");
  redis.disconnect();
  await q.closeQueues();
  process.exit(0);
}
