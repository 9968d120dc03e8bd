// Snapshot points (one per queue per minute) → the dashboard's chart series:
// all queues summed per bucket, runtime and wait averaged weighted by jobs.
// Pure, so bucketing and the empty minutes are tested without Redis.
import type { SeriesPoint, SeriesRange } from "./types";

export interface QueuePoint {
  at: number;
  throughput: number;
  failed: number;
  avgRuntimeMs: number;
  avgWaitMs: number;
}

export const RANGES: Record<SeriesRange, { spanMs: number; bucketMs: number }> = {
  "1h": { spanMs: 3_600_000, bucketMs: 60_000 },
  "24h": { spanMs: 86_400_000, bucketMs: 300_000 },
};

/** Buckets [from, to) of `bucketMs`, every bucket present (zeros where nothing ran). */
export function bucketSeries(perQueue: QueuePoint[][], from: number, to: number, bucketMs: number): SeriesPoint[] {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const n = Math.max(0, Math.ceil((to - start) / bucketMs));
  const acc = Array.from({ length: n }, (_, i) => ({ at: start + i * bucketMs, throughput: 0, failed: 0, runtime: 0, wait: 0 }));
  for (const points of perQueue) {
    for (const p of points) {
      const i = Math.floor((p.at - start) / bucketMs);
      if (i < 0 || i >= n) continue;
      const b = acc[i];
      b.throughput += p.throughput;
      b.failed += p.failed;
      b.runtime += p.avgRuntimeMs * p.throughput;
      b.wait += p.avgWaitMs * p.throughput;
    }
  }
  return acc.map((b) => ({
    at: b.at,
    throughput: b.throughput,
    failed: b.failed,
    avgRuntimeMs: b.throughput ? Math.round(b.runtime / b.throughput) : 0,
    avgWaitMs: b.throughput ? Math.round(b.wait / b.throughput) : 0,
  }));
}

/** The headline numbers of a window: jobs per minute, weighted average wait, failure rate. */
export function headline(perQueue: QueuePoint[][], minutes: number): { jobsPerMinute: number; avgWaitMs: number; failureRate: number } {
  let jobs = 0;
  let failed = 0;
  let wait = 0;
  for (const points of perQueue) {
    for (const p of points) {
      jobs += p.throughput;
      failed += p.failed;
      wait += p.avgWaitMs * p.throughput;
    }
  }
  return {
    jobsPerMinute: Math.round((jobs / Math.max(1, minutes)) * 10) / 10,
    avgWaitMs: jobs ? Math.round(wait / jobs) : 0,
    failureRate: jobs ? failed / jobs : 0,
  };
}
