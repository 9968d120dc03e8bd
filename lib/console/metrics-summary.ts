// The Metrics screen: per job class throughput and runtime (avg, p95) and per
// queue wait time over the last 24 h, from the per-minute snapshots.
//
// Snapshots keep each minute's p95, not the samples, so the 24 h p95 shown is
// the job-weighted 95th percentile of the minutes' p95 values: exact when one
// minute dominates, an upper-leaning estimate otherwise (the screen says so).
import { readSnapshots } from "../metrics/snapshot-queries";
import { consoleRedis } from "./redis";
import type { MetricsData } from "./types";

interface Weighted {
  value: number;
  weight: number;
}

/** Weighted quantile of per-minute values. Pure. */
export function weightedQuantile(points: Weighted[], q: number): number {
  const sorted = points.filter((p) => p.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, p) => s + p.weight, 0);
  if (!total) return 0;
  let seen = 0;
  for (const p of sorted) {
    seen += p.weight;
    if (seen >= q * total) return p.value;
  }
  return sorted.at(-1)!.value;
}

interface MinutePoint {
  throughput: number;
  failed?: number;
  avgRuntimeMs?: number;
  p95RuntimeMs?: number;
  avgWaitMs?: number;
  p95WaitMs?: number;
}

function summarize(points: MinutePoint[]) {
  let n = 0;
  let failed = 0;
  let runtime = 0;
  let wait = 0;
  for (const p of points) {
    n += p.throughput;
    failed += p.failed ?? 0;
    runtime += (p.avgRuntimeMs ?? 0) * p.throughput;
    wait += (p.avgWaitMs ?? 0) * p.throughput;
  }
  const avg = (sum: number) => (n ? Math.round(sum / n) : 0);
  return {
    throughput: n,
    failed,
    avgRuntimeMs: avg(runtime),
    avgWaitMs: avg(wait),
    p95RuntimeMs: Math.round(weightedQuantile(points.map((p) => ({ value: p.p95RuntimeMs ?? 0, weight: p.throughput })), 0.95)),
    p95WaitMs: Math.round(weightedQuantile(points.map((p) => ({ value: p.p95WaitMs ?? 0, weight: p.throughput })), 0.95)),
  };
}

export async function metricsSummary(now = Date.now(), hours = 24): Promise<MetricsData> {
  const from = now - hours * 3_600_000;
  const series = await readSnapshots({ from, to: now }, consoleRedis());
  const jobs = Object.entries(series.jobs).map(([job, points]) => {
    const s = summarize(points as MinutePoint[]);
    return { job, throughput: s.throughput, failed: s.failed, avgRuntimeMs: s.avgRuntimeMs, p95RuntimeMs: s.p95RuntimeMs };
  });
  const queues = Object.entries(series.queues).map(([queue, points]) => {
    const s = summarize(points as MinutePoint[]);
    return { queue, throughput: s.throughput, avgWaitMs: s.avgWaitMs, p95WaitMs: s.p95WaitMs, avgRuntimeMs: s.avgRuntimeMs };
  });
  jobs.sort((a, b) => b.throughput - a.throughput || a.job.localeCompare(b.job));
  queues.sort((a, b) => b.throughput - a.throughput || a.queue.localeCompare(b.queue));
  return { from, to: now, jobs, queues };
}
