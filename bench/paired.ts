// Throughput A/B as simultaneous pairs:
//   `npm run bench:metrics-ab`  (--pair=metrics) runtime with metric recording vs without (issue 6: ≤ 5 %)
//   `npm run bench:runtime-ab`  (--pair=runtime) runtime (defineJob + createQueueWorker, default
//                                middleware set) vs a bare BullMQ Worker (issue 3: ≥ 90 %)
//   `npm run bench:batch-ab`    (--pair=batch) jobs inside one batch vs plain, processing and
//                                dispatch (issue 5: ≥ 85 %; bench/paired-batch.ts)
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
//          --unit=10000 (jobs per dispatch unit, --pair=batch)
//          --phase=dispatch (only the phase of that name, --pair=batch: processing | dispatch)
//          --plain-in-flight=2 (--pair=batch: the plain dispatch side keeps this many addBulk calls in flight, as
//          createBatch does; default 1, one after the other — the issue's reference)
//          --profile=DIR (each side writes a V8 CPU profile of its window only — not the fill — to DIR;
//          unlike node --cpu-prof, which profiles the whole process)
//          --cpus=1 (taskset both sides onto these CPUs, so they share the same cores by construction
//          instead of by the scheduler's placement; pin redis-server elsewhere yourself)
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { BATCH_ROLES, dispatchJobs, dispatchWindow, loadBatchSide, useBenchDatabase, type BatchRole } from "./paired-batch";
import { removeKeys } from "./remove-keys";

const { values } = parseArgs({
  options: {
    role: { type: "string" }, pair: { type: "string" }, rounds: { type: "string" }, seconds: { type: "string" }, warmup: { type: "string" },
    concurrency: { type: "string" }, jobs: { type: "string" }, cpus: { type: "string" }, unit: { type: "string" }, profile: { type: "string" },
    phase: { type: "string" }, "plain-in-flight": { type: "string" },
  },
});
const ROUNDS = Number(values.rounds ?? 5);
const SECONDS = Number(values.seconds ?? 10);
const WARMUP = Number(values.warmup ?? 2);
const CONCURRENCY = Number(values.concurrency ?? 50);
const PAIR = values.pair ?? "metrics";
const JOBS = Number(values.jobs ?? 150_000);
const UNIT = Number(values.unit ?? 10_000);
const PLAIN_IN_FLIGHT = Number(values["plain-in-flight"] ?? 1);

/**
 * metrics: the runtime recording metrics as the workers do; runtime: the runtime without; bare: a plain BullMQ Worker;
 * batch roles: bench/paired-batch.ts.
 */
type Role = "metrics" | "runtime" | "bare" | BatchRole;
/** Each pair: the phases measured every round, [A, B] = A ÷ B, with a B ÷ B control. */
const PAIRS: Record<string, { phases: [string, Role, Role][]; target: number; issue: string }> = {
  metrics: { phases: [["processing", "metrics", "runtime"]], target: 0.95, issue: "issue 6" },
  runtime: { phases: [["processing", "runtime", "bare"]], target: 0.9, issue: "issue 3" },
  batch: { phases: [["processing", "batch", "plain"], ["dispatch", "batch-dispatch", "plain-dispatch"]], target: 0.85, issue: "issue 5" },
};

interface SideResult {
  role: Role;
  /** Jobs per second inside the window (after the warm-up): completed, or dispatched for the dispatch roles. */
  rate: number;
  /** This process's CPU per job in the window (µs). */
  cpuUsPerJob: number;
}

/** One side of a pair: fill, say "ready", wait for "go", drain, report. */
async function side(role: Role): Promise<void> {
  const prefix = `switchyard-bench-ab-${randomUUID().slice(0, 8)}`;
  process.env.REDIS_PREFIX = prefix;
  process.env.LOG_LEVEL ??= "warn";
  const batchRole = (BATCH_ROLES as readonly string[]).includes(role);
  if (batchRole) useBenchDatabase();
  const { z } = await import("zod");
  const q = await import("../lib/queue");
  const metrics = await import("../lib/metrics/record-job");
  const { createRedis } = await import("../lib/redis/connection");
  const { env } = await import("../lib/env");
  const { Worker } = await import("bullmq");

  const noop = q.defineJob({ name: "bench.noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
  const queueName = `bench-ab-${role}`; // under this process's own prefix: the two sides never share keys
  const queue = q.getQueue(queueName);
  const batchSide = batchRole ? await loadBatchSide() : null;
  const cleanUp = async () => {
    const redis = createRedis();
    await removeKeys(redis, prefix);
    redis.disconnect();
    if (batchSide) {
      const { prisma } = await import("../lib/db/client");
      await prisma().batch.deleteMany({ where: { prefix } });
    }
    await q.closeQueues();
    process.exit(0);
  };
  if (batchSide && role.endsWith("-dispatch")) {
    // Untimed: the first batch pays PostgreSQL's connect and the scripts' first load.
    await dispatchJobs(batchSide, role === "batch-dispatch", `${queueName}-warm`, 1_000);
    console.log("ready");
    await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve()));
    const profiling = await profileWindow(role);
    const d = await dispatchWindow(batchSide, role === "batch-dispatch", queueName, UNIT, WARMUP * 1000, SECONDS * 1000, PLAIN_IN_FLIGHT);
    await profiling();
    console.log(JSON.stringify({ role, rate: d.rate, cpuUsPerJob: d.cpuUs } satisfies SideResult));
    return cleanUp();
  }
  if (batchSide) await dispatchJobs(batchSide, role === "batch", queueName, JOBS);
  for (let i = 0; i < (batchSide ? 0 : JOBS); i += 1_000) {
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
  const profiling = await profileWindow(role);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const inWindow = completed - startCount;
  await profiling();
  const cpu = process.cpuUsage(cpuBefore);
  if (completed >= JOBS) {
    // The window ran past the last job: its count says nothing about throughput.
    console.error(`[${role}] drained all ${JOBS} jobs before the window closed: raise --jobs`);
    process.exit(1);
  }
  const result: SideResult = { role, rate: inWindow / SECONDS, cpuUsPerJob: (cpu.user + cpu.system) / Math.max(1, inWindow) };
  console.log(JSON.stringify(result));

  // Not forced: jobs still in flight finish (and, when recording, are recorded) before the flush and the
  // cleanup below, so no late write lands under the prefix after it was emptied.
  await worker.close();
  connection?.disconnect();
  if (role === "metrics") await metrics.flushRecordings();
  if (batchSide) await batchSide.batches.drainBatchRecords();
  await cleanUp();
}

/** Starts a CPU profile when --profile is given; the returned function stops it and writes DIR/<role>-<pid>.cpuprofile. */
async function profileWindow(role: Role): Promise<() => Promise<void>> {
  if (!values.profile) return async () => {};
  const { Session } = await import("node:inspector/promises");
  const { writeFile, mkdir } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    await mkdir(values.profile!, { recursive: true });
    await writeFile(`${values.profile}/${role}-${process.pid}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

function start(role: Role): { child: ChildProcess; ready: Promise<void>; result: Promise<SideResult> } {
  const args = [
    "--import", "tsx", import.meta.filename, `--role=${role}`, `--seconds=${SECONDS}`, `--warmup=${WARMUP}`, `--concurrency=${CONCURRENCY}`,
    `--jobs=${JOBS}`, `--unit=${UNIT}`, `--plain-in-flight=${PLAIN_IN_FLIGHT}`, ...(values.profile ? [`--profile=${values.profile}`] : []),
  ];
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
  const spec = PAIRS[PAIR];
  if (!spec) throw new Error(`--pair must be one of ${Object.keys(PAIRS).join(", ")}`);
  const load = () => loadavg().map((l) => l.toFixed(1)).join(" / ");
  console.log(
    `${new Date().toISOString()} --pair=${PAIR} as simultaneous pairs: ${ROUNDS} rounds, concurrency ${CONCURRENCY}, ${WARMUP} s warm-up + ${SECONDS} s window per pair` +
      `${values.cpus ? `, sides on CPU ${values.cpus}` : ""}${values.phase ? `, phase ${values.phase} only` : ""}${PLAIN_IN_FLIGHT !== 1 ? `, plain dispatch ${PLAIN_IN_FLIGHT} addBulk calls in flight` : ""}; load average 1/5/15 min ${load()}`,
  );
  const chosen = values.phase ? spec.phases.filter(([label]) => label === values.phase) : spec.phases;
  if (!chosen.length) throw new Error(`--phase must be one of ${spec.phases.map(([label]) => label).join(", ")}`);
  const phases = chosen.map(([label, A, B]) => ({ label, A, B, ab: [] as number[], aa: [] as number[], cpuA: [] as number[], cpuB: [] as number[] }));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const ph of phases) {
      const { A, B } = ph;
      // Which side is spawned first alternates, so spawn order cannot favour one.
      const [x, y] = await pair(round % 2 ? A : B, round % 2 ? B : A);
      const a = x.role === A ? x : y;
      const b = x.role === A ? y : x;
      ph.ab.push(a.rate / b.rate);
      ph.cpuA.push(a.cpuUsPerJob);
      ph.cpuB.push(b.cpuUsPerJob);
      const [p, r] = await pair(B, B);
      ph.aa.push(p.rate / r.rate);
      console.log(
        `  round ${round} ${ph.label}: ${A} ${a.rate.toFixed(0)} vs ${B} ${b.rate.toFixed(0)} jobs/s → ${pct(a.rate / b.rate)} ` +
          `(CPU ${a.cpuUsPerJob.toFixed(0)} vs ${b.cpuUsPerJob.toFixed(0)} µs/job); A/A ${p.rate.toFixed(0)} vs ${r.rate.toFixed(0)} → ${pct(p.rate / r.rate)} ` +
          `(CPU ${p.cpuUsPerJob.toFixed(0)} vs ${r.cpuUsPerJob.toFixed(0)}); load ${load()}`,
      );
    }
  }
  console.log("");
  for (const { label, A, B, ab, aa, cpuA, cpuB } of phases) {
    console.log(`${label}: ${A} ÷ ${B} (median of ${ROUNDS} pairs): ${pct(median(ab))}  [min ${pct(Math.min(...ab))}, max ${pct(Math.max(...ab))}]`);
    console.log(`${label}: A/A, ${B} ÷ ${B} (median):      ${pct(median(aa))}  [min ${pct(Math.min(...aa))}, max ${pct(Math.max(...aa))}]`);
    console.log(`${label}: CPU per job (median): ${A} ${median(cpuA).toFixed(1)} µs, ${B} ${median(cpuB).toFixed(1)} µs`);
    console.log(`${label}: target (${spec.issue}): ${A} ÷ ${B} ≥ ${pct(spec.target)} → ${median(ab) >= spec.target ? "met" : "NOT met"}`);
  }
  console.log(`load average at the end: ${load()}`);
}

const ROLES: readonly string[] = ["metrics", "runtime", "bare", ...BATCH_ROLES];
if (values.role && ROLES.includes(values.role)) await side(values.role as Role);
else await main();
