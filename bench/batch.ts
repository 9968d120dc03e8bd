// `npm run bench:batch`: 10,000 no-op jobs dispatched plain versus inside one batch,
// through the same runtime worker, same run, alternating rounds; prints jobs/s and
// the ratio. Target (issue 5): batch bookkeeping costs ≤ 15 % of throughput.
// Then: how a progress() read scales with the batch's size (it must not scan jobs).
// Options: --rounds=6 --jobs=10000 --concurrency=50. The machine is shared: the headline is the median
// of per-round ratios (plain and batch run back to back, order alternating), which cancels most load drift.
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";

// Own key prefix, so the bench never touches real queues, and the bench database (as bench/console.ts:
// the batch rows it writes are removed again); set before the runtime reads env.
process.env.REDIS_PREFIX = `switchyard-bench-${randomUUID().slice(0, 8)}`;
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchyard_bench";
process.env.LOG_LEVEL ??= "warn";

const { values } = parseArgs({ options: { rounds: { type: "string" }, jobs: { type: "string" }, concurrency: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 6);
const JOBS = Number(values.jobs ?? 10_000);
const CONCURRENCY = Number(values.concurrency ?? 50);

const { z } = await import("zod");
const q = await import("../lib/queue");
const batches = await import("../lib/queue/batches");
const store = await import("../lib/queue/batches/batch-store");
const { prisma } = await import("../lib/db/client");

const noop = q.defineJob({ name: "bench.batch-noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });

type Variant = "plain" | "batch";
interface Round { dispatchMs: number; drainMs: number; cpuUsPerJob: number }

async function dispatchPlain(queueName: string, jobs: number): Promise<void> {
  const queue = q.getQueue(queueName);
  for (let i = 0; i < jobs; i += 1_000) {
    const chunk = Array.from({ length: Math.min(1_000, jobs - i) }, (_, k) => {
      const p = q.prepareDispatch(noop, { n: i + k }, { queue: queueName });
      return { name: noop.name, data: p.data, opts: p.jobOptions };
    });
    await queue.addBulk(chunk);
  }
}

async function dispatchBatch(queueName: string, jobs: number): Promise<string> {
  return batches.createBatch({
    name: `bench ${queueName}`, queue: queueName, allowFailures: true,
    jobs: Array.from({ length: jobs }, (_, n) => batches.batchJob(noop, { n })),
  });
}

/** Fills the queue (timed), then drains it with one runtime worker (timed). */
async function run(variant: Variant, round: number, jobs = JOBS): Promise<Round> {
  const queueName = `bench-batch-${variant}-r${round}`;
  let t = performance.now();
  const batchId = variant === "batch" ? await dispatchBatch(queueName, jobs) : (await dispatchPlain(queueName, jobs), null);
  const dispatchMs = performance.now() - t;
  // Same heap state for both variants: the batch's dispatch allocates more, and a major GC
  // landing in its processing phase would be charged to the bookkeeping (run with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  let done = 0;
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  t = performance.now();
  const cpu = process.cpuUsage();
  const worker = q.createQueueWorker(queueName, { concurrency: CONCURRENCY });
  worker.on("completed", () => {
    if (++done === jobs) resolve();
  });
  await finished;
  const drainMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuUsPerJob = (used.user + used.system) / jobs;
  await worker.close();
  if (batchId) {
    const b = await batches.batchProgress(batchId);
    if (b?.totalJobs !== jobs || b.pendingJobs !== 0 || !b.finished) throw new Error(`batch did not add up: ${JSON.stringify(b)}`);
    await store.deleteBatchState(batchId);
    await prisma().batch.deleteMany({ where: { id: batchId } });
  }
  await q.getQueue(queueName).obliterate({ force: true });
  return { dispatchMs, drainMs, cpuUsPerJob };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Untimed warm-up of both paths: the first batch would otherwise pay PostgreSQL's connect and the
// first load of the batch scripts in round 1's figures.
for (const variant of ["plain", "batch"] as const) await run(variant, 0, 1_000);
const load = () => loadavg().map((l) => l.toFixed(1)).join(" / ");
const loadAtStart = load();
const results: Record<Variant, Round[]> = { plain: [], batch: [] };
for (let round = 1; round <= ROUNDS; round++) {
  const order: Variant[] = round % 2 ? ["plain", "batch"] : ["batch", "plain"];
  for (const variant of order) {
    const r = await run(variant, round);
    results[variant].push(r);
    console.error(`  round ${round} ${variant.padEnd(5)} dispatch ${(JOBS / (r.dispatchMs / 1000)).toFixed(0)} jobs/s, processing ${(JOBS / (r.drainMs / 1000)).toFixed(0)} jobs/s, worker CPU ${r.cpuUsPerJob.toFixed(0)} µs/job`);
  }
}

const rate = (v: Variant, pick: (r: Round) => number) => median(results[v].map((r) => JOBS / (pick(r) / 1000)));
const pairRatio = (pick: (r: Round) => number) => median(results.plain.map((p, i) => pick(p) / pick(results.batch[i])));
console.log(`\nbatch bench ${new Date().toISOString()}: ${JOBS} no-op jobs, concurrency ${CONCURRENCY}, ${ROUNDS} rounds (medians); load average 1/5/15 min: ${loadAtStart} at the start, ${load()} at the end`);
console.log("phase         | plain jobs/s | batch jobs/s | batch / plain (median of rounds) | (ratio of medians)");
for (const [label, pick] of [
  ["dispatch", (r: Round) => r.dispatchMs],
  ["processing", (r: Round) => r.drainMs],
  ["end to end", (r: Round) => r.dispatchMs + r.drainMs],
] as const) {
  const p = rate("plain", pick);
  const b = rate("batch", pick);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`${label.padEnd(13)} | ${p.toFixed(0).padStart(12)} | ${b.toFixed(0).padStart(12)} | ${pct(pairRatio(pick)).padStart(32)} | ${pct(b / p)}`);
}

// CPU time the worker process spends per job does not depend on what else runs on the machine.
const cpuPlain = median(results.plain.map((r) => r.cpuUsPerJob));
const cpuBatch = median(results.batch.map((r) => r.cpuUsPerJob));
console.log(`worker CPU per job (median): plain ${cpuPlain.toFixed(0)} µs, batch ${cpuBatch.toFixed(0)} µs → bookkeeping +${(((cpuBatch - cpuPlain) / cpuPlain) * 100).toFixed(1)} %`);

// progress() reads one hash: its cost must not grow with the number of jobs.
console.log("\nprogress() read vs batch size (jobs registered, 2,000 reads each)");
console.log("jobs     | µs per read (mean)");
for (const size of [100, 10_000, 100_000]) {
  const id = randomUUID();
  await store.createBatchState({ id, name: `size ${size}`, queue: "bench", connection: "redis", allowFailures: true, createdAt: Date.now(), callbacks: {} });
  const ids = Array.from({ length: size }, (_, i) => `${id}-${i}`);
  await store.addJobIds(id, ids, ["bench"]);
  // A few failures, as a real batch has: progress() still reads only the counters.
  for (const jobId of ids.slice(0, 10)) await store.recordOutcome(id, jobId, "f", "bench");
  const reads = 2_000;
  const t = performance.now();
  for (let i = 0; i < reads; i++) await batches.batchProgress(id);
  const us = ((performance.now() - t) * 1000) / reads;
  console.log(`${String(size).padEnd(8)} | ${us.toFixed(0)}`);
  await store.deleteBatchState(id);
}
await q.closeQueues();
process.exit(0);
