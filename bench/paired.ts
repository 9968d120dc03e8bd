// Throughput A/B as simultaneous pairs:
//   `npm run bench:metrics-ab`  (--pair=metrics) runtime with metric recording vs without (issue 6: ≤ 5 %)
//   `npm run bench:runtime-ab`  (--pair=runtime) runtime (defineJob + createQueueWorker, default
//                                middleware set) vs a bare BullMQ Worker (issue 3: ≥ 90 %)
//
// Sequential A/B rounds (bench:job-runtime) on this shared 2-core VM swing by tens of
// percent: a GC pause or a neighbour's burst lands in one side's round only. Here the two
// sides run AT THE SAME TIME: two worker processes, each draining its own pre-filled queue
// of no-op jobs at the same concurrency, released together and counted over the same
// window. Both see the same machine, the same Redis and the same background load, so
// their completion ratio is the cost of what differs. Each round also runs an A/A pair
// (the baseline side twice), whose ratio shows what the pairing itself reads.
//
// Options: --rounds=5 --seconds=10 --warmup=2 --concurrency=50 --jobs=150000 (per side; must outlast the window)
//          --cpus=1 (taskset both sides onto these CPUs, so they share the same cores by construction
//          instead of by the scheduler's placement; pin redis-server elsewhere yourself)
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { removeKeys } from "./remove-keys";

const { values } = parseArgs({
  options: {
    role: { type: "string" }, pair: { type: "string" }, rounds: { type: "string" }, seconds: { type: "string" }, warmup: { type: "string" },
    concurrency: { type: "string" }, jobs: { type: "string" }, cpus: { type: "string" },
  },
});
const ROUNDS = Number(values.rounds ?? 5);
const SECONDS = Number(values.seconds ?? 10);
const WARMUP = Number(values.warmup ?? 2);
const CONCURRENCY = Number(values.concurrency ?? 50);
const JOBS = Number(values.jobs ?? 150_000);

/** metrics: the runtime recording metrics as the workers do; runtime: the runtime without; bare: a plain BullMQ Worker. */
type Role = "metrics" | "runtime" | "bare";
const PAIRS: Record<string, [Role, Role]> = { metrics: ["metrics", "runtime"], runtime: ["runtime", "bare"] };
const PAIR = values.pair ?? "metrics";

interface SideResult {
  role: Role;
  /** Jobs completed inside the window (after the warm-up). */
  completed: number;
  /** This process's CPU per completed job in the window (µs). */
  cpuUsPerJob: number;
}

/** One side of a pair: fill, say "ready", wait for "go", drain, report. */
async function side(role: Role): Promise<void> {
  const prefix = `switchyard-bench-ab-${randomUUID().slice(0, 8)}`;
  process.env.REDIS_PREFIX = prefix;
  process.env.LOG_LEVEL ??= "warn";
  const { z } = await import("zod");
  const q = await import("../lib/queue");
  const metrics = await import("../lib/metrics/record-job");
  const { createRedis } = await import("../lib/redis/connection");
  const { env } = await import("../lib/env");
  const { Worker } = await import("bullmq");

  const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
  const queueName = `bench-ab-${role}`; // under this process's own prefix: the two sides never share keys
  const queue = q.getQueue(queueName);
  for (let i = 0; i < JOBS; i += 1_000) {
    await queue.addBulk(Array.from({ length: Math.min(1_000, JOBS - i) }, (_, k) => {
      const prepared = q.prepareDispatch(noop, { n: i + k }, { queue: queueName });
      return { name: noop.name, data: prepared.data, opts: { ...prepared.jobOptions, removeOnComplete: true } };
    }));
  }
  console.log("ready");
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));

  let completed = 0;
  const connection = role === "bare" ? createRedis({ blocking: true }) : undefined;
  const worker = connection
    ? new Worker(queueName, async () => undefined, { connection, prefix: env().REDIS_PREFIX, concurrency: CONCURRENCY })
    : q.createQueueWorker(queueName, { concurrency: CONCURRENCY, onJobFinished: role === "metrics" ? metrics.recordFinishedEvent : undefined });
  worker.on("completed", () => void completed++);
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  const startCount = completed;
  const cpuBefore = process.cpuUsage();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const inWindow = completed - startCount;
  const cpu = process.cpuUsage(cpuBefore);
  if (completed >= JOBS) {
    // The window ran past the last job: its count says nothing about throughput.
    console.error(`[${role}] drained all ${JOBS} jobs before the window closed: raise --jobs`);
    process.exit(1);
  }
  const result: SideResult = { role, completed: inWindow, cpuUsPerJob: (cpu.user + cpu.system) / Math.max(1, inWindow) };
  console.log(JSON.stringify(result));

  // Not forced: jobs still in flight finish (and, when recording, are recorded) before the flush and the
  // cleanup below, so no late write lands under the prefix after it was emptied.
  await worker.close();
  connection?.disconnect();
  if (role === "metrics") await metrics.flushRecordings();
  const redis = createRedis();
  await removeKeys(redis, prefix);
  redis.disconnect();
  await q.closeQueues();
  process.exit(0);
}

function start(role: Role): { child: ChildProcess; ready: Promise<void>; result: Promise<SideResult> } {
  const args = ["--import", "tsx", import.meta.filename, `--role=${role}`, `--seconds=${SECONDS}`, `--warmup=${WARMUP}`, `--concurrency=${CONCURRENCY}`, `--jobs=${JOBS}`];
  const [cmd, argv] = values.cpus ? ["taskset", ["-c", values.cpus, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  let onReady!: () => void;
  let onResult!: (r: SideResult) => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<SideResult>((r) => (onResult = r));
  lines.on("line", (line) => (line === "ready" ? onReady() : line.startsWith("{") && onResult(JSON.parse(line) as SideResult)));
  return { child, ready, result };
}

/** Two sides filled, released together, counted over the same window. */
async function pair(a: Role, b: Role): Promise<[SideResult, SideResult]> {
  const sides = [start(a), start(b)];
  await Promise.all(sides.map((s) => s.ready));
  for (const s of sides) s.child.stdin!.write("go\n");
  const exited = sides.map((s) => new Promise<never>((_, reject) => s.child.once("exit", (code) => code !== 0 && reject(new Error(`a ${s.child.spawnargs.find((a) => a.startsWith("--role="))} side exited ${code}`)))));
  const results = await Promise.race([Promise.all(sides.map((s) => s.result)), ...exited]);
  await Promise.all(sides.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once("exit", r)))));
  return [results[0], results[1]];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const [A, B] = PAIRS[PAIR] ?? (() => { throw new Error(`--pair must be one of ${Object.keys(PAIRS).join(", ")}`); })();
  console.log(`${A} ÷ ${B} as pairs: ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${WARMUP} s warm-up + ${SECONDS} s window per pair${values.cpus ? `, sides on CPU ${values.cpus}` : ""}`);
  const ab: number[] = [];
  const aa: number[] = [];
  const cpu: { a: number[]; b: number[] } = { a: [], b: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Which side is spawned first alternates, so spawn order cannot favour one.
    const [x, y] = await pair(round % 2 ? A : B, round % 2 ? B : A);
    const a = x.role === A ? x : y;
    const b = x.role === A ? y : x;
    ab.push(a.completed / b.completed);
    cpu.a.push(a.cpuUsPerJob);
    cpu.b.push(b.cpuUsPerJob);
    const [p, r] = await pair(B, B);
    aa.push(p.completed / r.completed);
    console.log(
      `  round ${round}: ${A} ${a.completed} vs ${B} ${b.completed} jobs → ${pct(a.completed / b.completed)} ` +
        `(CPU ${a.cpuUsPerJob.toFixed(0)} vs ${b.cpuUsPerJob.toFixed(0)} µs/job); A/A ${p.completed} vs ${r.completed} → ${pct(p.completed / r.completed)} (CPU ${p.cpuUsPerJob.toFixed(0)} vs ${r.cpuUsPerJob.toFixed(0)})`,
    );
  }
  const target = PAIR === "metrics" ? 0.95 : 0.9;
  console.log(`\n${A} ÷ ${B} (median of ${ROUNDS} pairs): ${pct(median(ab))}  [min ${pct(Math.min(...ab))}, max ${pct(Math.max(...ab))}]`);
  console.log(`A/A, ${B} ÷ ${B} (median):      ${pct(median(aa))}  [min ${pct(Math.min(...aa))}, max ${pct(Math.max(...aa))}]`);
  console.log(`CPU per job (median): ${A} ${median(cpu.a).toFixed(1)} µs, ${B} ${median(cpu.b).toFixed(1)} µs`);
  console.log(`target (${PAIR === "metrics" ? "issue 6" : "issue 3"}): ${A} ÷ ${B} ≥ ${pct(target)} → ${median(ab) >= target ? "met" : "NOT met"}`);
}

if (values.role === "metrics" || values.role === "runtime" || values.role === "bare") await side(values.role);
else await main();
