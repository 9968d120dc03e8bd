// `npm run queue:metrics` (the seed's QueueMetrics command): throughput, average
// wait, failure rate and queue sizes over the last few minutes, read live from
// the minute counters (so it needs no snapshot to have run yet).
import type { Redis } from "ioredis";
import { aggregateMinutes, emptyQueueStats, type QueueStats } from "./aggregate";
import { metricsKeys, MINUTE_MS, minuteOf } from "./keys";
import { knownQueues, pendingSize, queueCounts } from "./queue-counts";
import { metricsRedis } from "./redis";

export interface QueueLine {
  /** Finished jobs per minute over the window. */
  throughput_per_minute: number;
  jobs: number;
  failed: number;
  failure_rate: number;
  average_wait_ms: number;
  p95_wait_ms: number;
  average_runtime_ms: number;
  /** Ready jobs now (the health check's `size`). */
  size: number;
}

export interface QueueMetricsReport {
  window_minutes: number;
  /** All selected queues together, jobs per minute. */
  job_throughput: number;
  average_wait_time_ms: number;
  /** 0–1. */
  failure_rate: number;
  queue_sizes: Record<string, number>;
  queues: Record<string, QueueLine>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Pure: the report from aggregated stats and sizes. */
export function buildReport(minutes: number, stats: Map<string, QueueStats>, sizes: Record<string, number>): QueueMetricsReport {
  const queues: Record<string, QueueLine> = {};
  let jobs = 0;
  let failed = 0;
  let waitSum = 0;
  let waitSamples = 0;
  for (const queue of Object.keys(sizes)) {
    const s = stats.get(queue) ?? emptyQueueStats(queue);
    jobs += s.throughput;
    failed += s.failed;
    waitSum += s.avgWaitMs * s.waitSamples;
    waitSamples += s.waitSamples;
    queues[queue] = {
      throughput_per_minute: round1(s.throughput / minutes),
      jobs: s.throughput,
      failed: s.failed,
      failure_rate: s.failureRate,
      average_wait_ms: s.avgWaitMs,
      p95_wait_ms: s.p95WaitMs,
      average_runtime_ms: s.avgRuntimeMs,
      size: sizes[queue],
    };
  }
  return {
    window_minutes: minutes,
    job_throughput: round1(jobs / minutes),
    average_wait_time_ms: waitSamples ? round1(waitSum / waitSamples) : 0,
    failure_rate: jobs ? failed / jobs : 0,
    queue_sizes: sizes,
    queues,
  };
}

export interface QueueMetricsOptions {
  /** Minutes to look back, the current one included. @defaultValue 5 */
  minutes?: number;
  /** Only these queues. @defaultValue every known queue */
  queues?: string[];
  now?: number;
  redis?: Redis;
}

export async function queueMetrics(options: QueueMetricsOptions = {}): Promise<QueueMetricsReport> {
  const redis = options.redis ?? metricsRedis();
  const now = options.now ?? Date.now();
  const minutes = Math.max(1, Math.floor(options.minutes ?? 5));
  const queues = options.queues?.length ? options.queues : await knownQueues(redis, now);
  const pipe = redis.pipeline();
  const last = minuteOf(now);
  for (let i = minutes - 1; i >= 0; i--) pipe.hgetall(metricsKeys.minute(last - i * MINUTE_MS));
  const [hashes, counts] = await Promise.all([
    pipe.exec().then((r) => (r ?? []).map(([, v]) => (v ?? {}) as Record<string, string>)),
    queueCounts(queues, redis),
  ]);
  const sizes = Object.fromEntries(queues.map((q) => [q, pendingSize(counts[q])]));
  return buildReport(minutes, aggregateMinutes(hashes).queues, sizes);
}

/** The seed's `$this->table(['Metric', 'Value'], …)`, as text. */
export function formatMetricsTable(report: QueueMetricsReport): string {
  const sizes = Object.entries(report.queue_sizes).map(([q, n]) => `${q}: ${n}`).join(", ") || "-";
  return renderTable(["Metric", "Value"], [
    ["job_throughput", `${report.job_throughput} jobs/minute`],
    ["average_wait_time", `${report.average_wait_time_ms} ms`],
    ["failure_rate", `${(report.failure_rate * 100).toFixed(2)}%`],
    ["queue_sizes", sizes],
  ]);
}

/** A box table like Symfony's console table (what `php artisan` prints). */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const row = (cells: string[]) => `| ${cells.map((c, i) => (c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line, row(header), line, ...rows.map(row), line].join("\n");
}
