// The batch sides of bench/paired.ts (`npm run bench:batch-ab`, issue 5: batch bookkeeping
// ≤ 15 % of throughput). Two phases, each as simultaneous pairs with an A/A control:
//   processing — `batch` drains a queue filled by one createBatch (every job counted by the
//                batch hooks) vs `plain` draining the same jobs dispatched plain; same runtime
//                worker, same job options (the runtime's defaults: createBatch takes no others);
//   dispatch   — `batch-dispatch` creates batches of --unit jobs back to back (validate, register
//                every id as pending, push) vs `plain-dispatch` dispatching the same jobs with
//                prepareDispatch + addBulk; the rate is jobs dispatched per second between the
//                first and the last unit finished inside the window.
export type BatchRole = "batch" | "plain" | "batch-dispatch" | "plain-dispatch";
export const BATCH_ROLES: readonly BatchRole[] = ["batch", "plain", "batch-dispatch", "plain-dispatch"];

type Queue = typeof import("../lib/queue");
type Batches = typeof import("../lib/queue/batches");

/** Must be called before the runtime reads env: batch rows go to the bench database (removed afterwards). */
export function useBenchDatabase(): void {
  process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchyard_bench";
}

export async function loadBatchSide() {
  const { z } = await import("zod");
  const q: Queue = await import("../lib/queue");
  const batches: Batches = await import("../lib/queue/batches");
  const noop = q.defineJob({ name: "bench.batch-noop", queue: "bench", payload: z.object({ n: z.number() }), handle: async () => undefined });
  return { q, batches, noop };
}

type Side = Awaited<ReturnType<typeof loadBatchSide>>;

/**
 * What a plain dispatch may copy from a batch's jobs, to price the parts of a batch's extra cost one
 * at a time (bench:batch-dispatch --parts): the batch's kind of custom job id, and meta.batchId.
 */
export interface PlainLikeBatch {
  jobId?: (n: number) => string;
  batchId?: string;
}

/**
 * `jobs` jobs onto `queueName`, plain (prepareDispatch + addBulk, 1,000 per call, `plainInFlight` calls
 * at once: 1 = one after the other, the reference; shaped `like` a batch's jobs if asked) or as
 * one batch.
 */
export async function dispatchJobs(
  side: Side, batch: boolean, queueName: string, jobs: number, first = 0, plainInFlight = 1, like: PlainLikeBatch = {},
): Promise<void> {
  const { q, batches, noop } = side;
  if (batch) {
    await batches.createBatch({
      name: `bench ${queueName}`, queue: queueName, allowFailures: true,
      jobs: Array.from({ length: jobs }, (_, n) => batches.batchJob(noop, { n: first + n })),
    });
    return;
  }
  const queue = q.getQueue(queueName);
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < jobs; i += 1_000) {
    const push = queue.addBulk(Array.from({ length: Math.min(1_000, jobs - i) }, (_, k) => {
      const n = first + i + k;
      const p = q.prepareDispatch(noop, { n }, { queue: queueName, jobId: like.jobId?.(n) });
      if (like.batchId) p.data.meta.batchId = like.batchId;
      return { name: noop.name, data: p.data, opts: p.jobOptions };
    })).finally(() => inFlight.delete(push));
    inFlight.add(push);
    if (inFlight.size >= plainInFlight) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/**
 * Dispatches units of `unit` jobs back to back through warm-up and window; returns the jobs
 * per second between the first and the last unit finished inside the window (and how many units).
 */
export async function dispatchWindow(
  side: Side, batch: boolean, queueName: string, unit: number, warmupMs: number, windowMs: number, plainInFlight = 1,
): Promise<{ rate: number; units: number; cpuUs: number }> {
  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + windowMs;
  const done: number[] = [];
  let cpuBefore: NodeJS.CpuUsage | null = null;
  let n = 0;
  while (performance.now() < windowEnd) {
    await dispatchJobs(side, batch, queueName, unit, n * unit, plainInFlight);
    n++;
    const now = performance.now();
    if (now >= windowStart && now < windowEnd) {
      done.push(now);
      if (done.length === 1) cpuBefore = process.cpuUsage();
    }
  }
  if (done.length < 2) throw new Error(`only ${done.length} unit(s) of ${unit} finished inside the window: lower --unit or raise --seconds`);
  const cpu = process.cpuUsage(cpuBefore!);
  const jobs = (done.length - 1) * unit;
  return { rate: jobs / ((done[done.length - 1] - done[0]) / 1000), units: done.length - 1, cpuUs: (cpu.user + cpu.system) / jobs };
}
