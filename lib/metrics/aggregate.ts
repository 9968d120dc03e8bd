// Turns minute hashes (recording.ts) into the numbers people read: throughput,
// failure rate, average and p95 wait/runtime. Pure; snapshots and the CLI share it.
import { quantileFromBuckets } from "./buckets";
import { parseMinuteField } from "./keys";

interface Raw {
  n: number;
  f: number;
  rs: number;
  rn: number;
  ws: number;
  wn: number;
  /** Fine bucket index → count (wait for queues, runtime for job classes). */
  buckets: Map<number, number>;
}

export interface QueueStats {
  queue: string;
  /** Jobs finished (completed + failed for good) in the period. */
  throughput: number;
  failed: number;
  /** failed ÷ throughput, 0 when nothing finished. */
  failureRate: number;
  avgWaitMs: number;
  p95WaitMs: number;
  avgRuntimeMs: number;
  /** Attempts with a known wait / runtime behind the averages (weights when combining queues). */
  waitSamples: number;
  runtimeSamples: number;
}

export interface JobStats {
  job: string;
  throughput: number;
  failed: number;
  failureRate: number;
  avgRuntimeMs: number;
  p95RuntimeMs: number;
}

export interface Aggregate {
  queues: Map<string, QueueStats>;
  jobs: Map<string, JobStats>;
}

const empty = (): Raw => ({ n: 0, f: 0, rs: 0, rn: 0, ws: 0, wn: 0, buckets: new Map() });

function add(raw: Raw, metric: string, value: number, bucketPrefix: "w" | "r"): void {
  switch (metric) {
    case "n": case "f": case "rs": case "rn": case "ws": case "wn":
      raw[metric] += value;
      return;
    default:
      // Queues keep wait buckets (`w12`), job classes runtime buckets (`r12`).
      if (metric[0] === bucketPrefix) {
        const i = Number(metric.slice(1));
        if (Number.isInteger(i)) raw.buckets.set(i, (raw.buckets.get(i) ?? 0) + value);
      }
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Sums any number of minute hashes (HGETALL results) and derives the statistics. */
export function aggregateMinutes(hashes: readonly Record<string, string>[]): Aggregate {
  const queues = new Map<string, Raw>();
  const jobs = new Map<string, Raw>();
  for (const hash of hashes) {
    for (const [field, value] of Object.entries(hash)) {
      const parsed = parseMinuteField(field);
      const n = Number(value);
      if (!parsed || !Number.isFinite(n)) continue;
      const target = parsed.kind === "q" ? queues : jobs;
      let raw = target.get(parsed.name);
      if (!raw) target.set(parsed.name, (raw = empty()));
      add(raw, parsed.metric, n, parsed.kind === "q" ? "w" : "r");
    }
  }
  const result: Aggregate = { queues: new Map(), jobs: new Map() };
  for (const [queue, r] of queues) {
    result.queues.set(queue, {
      queue,
      throughput: r.n,
      failed: r.f,
      failureRate: ratio(r.f, r.n),
      avgWaitMs: round(ratio(r.ws, r.wn)),
      p95WaitMs: round(quantileFromBuckets(r.buckets, 0.95)),
      avgRuntimeMs: round(ratio(r.rs, r.rn)),
      waitSamples: r.wn,
      runtimeSamples: r.rn,
    });
  }
  for (const [job, r] of jobs) {
    result.jobs.set(job, {
      job,
      throughput: r.n,
      failed: r.f,
      failureRate: ratio(r.f, r.n),
      avgRuntimeMs: round(ratio(r.rs, r.rn)),
      p95RuntimeMs: round(quantileFromBuckets(r.buckets, 0.95)),
    });
  }
  return result;
}

export function emptyQueueStats(queue: string): QueueStats {
  return { queue, throughput: 0, failed: 0, failureRate: 0, avgWaitMs: 0, p95WaitMs: 0, avgRuntimeMs: 0, waitSamples: 0, runtimeSamples: 0 };
}

export function emptyJobStats(job: string): JobStats {
  return { job, throughput: 0, failed: 0, failureRate: 0, avgRuntimeMs: 0, p95RuntimeMs: 0 };
}
