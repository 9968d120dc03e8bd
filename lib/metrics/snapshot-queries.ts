// Reads of the stored snapshots: the console's charts (GET /api/metrics/snapshots)
// and the autoscaler's runtime input (Horizon's MetricsRepository::runtimeForQueue).
import type { Redis } from "ioredis";
import { metricsKeys, MINUTE_MS } from "./keys";
import { metricsRedis } from "./redis";
import type { JobSnapshot, QueueSnapshot } from "./snapshots";

export interface SnapshotQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  /** Only these queues / job classes; all measured ones when omitted. An empty list selects none. */
  queues?: string[];
  jobs?: string[];
}

export interface SnapshotSeries {
  from: number;
  to: number;
  queues: Record<string, QueueSnapshot[]>;
  jobs: Record<string, JobSnapshot[]>;
}

function parsePoints<T>(members: string[]): T[] {
  const out: T[] = [];
  for (const m of members) {
    try {
      out.push(JSON.parse(m) as T);
    } catch {
      // A corrupt member costs one point of a chart, not the whole answer.
    }
  }
  return out;
}

/** Every selected series in one round trip, oldest point first. */
export async function readSnapshots(query: SnapshotQuery, redis: Redis = metricsRedis()): Promise<SnapshotSeries> {
  const [queues, jobs] = await Promise.all([
    query.queues ?? redis.zrange(metricsKeys.measuredQueues(), 0, -1),
    query.jobs ?? redis.zrange(metricsKeys.measuredJobs(), 0, -1),
  ]);
  const pipe = redis.pipeline();
  for (const q of queues) pipe.zrangebyscore(metricsKeys.queueSnapshots(q), query.from, query.to);
  for (const j of jobs) pipe.zrangebyscore(metricsKeys.jobSnapshots(j), query.from, query.to);
  const results = queues.length + jobs.length ? ((await pipe.exec()) ?? []) : [];
  const series: SnapshotSeries = { from: query.from, to: query.to, queues: {}, jobs: {} };
  const byName = <T>(names: string[], offset: number) =>
    Object.fromEntries(
      names
        .map((name, i) => [name, parsePoints<T>((results[offset + i]?.[1] as string[]) ?? [])] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  series.queues = byName<QueueSnapshot>(queues, 0);
  series.jobs = byName<JobSnapshot>(jobs, queues.length);
  return series;
}

/**
 * Average runtime (ms) per queue from its latest snapshot that measured any job,
 * looking back `lookbackMinutes`; queues with nothing measured are absent.
 */
export async function queueRuntimes(
  { now = Date.now(), lookbackMinutes = 15, redis = metricsRedis() }: { now?: number; lookbackMinutes?: number; redis?: Redis } = {},
): Promise<Record<string, number>> {
  const queues = await redis.zrange(metricsKeys.measuredQueues(), 0, -1);
  if (!queues.length) return {};
  const pipe = redis.pipeline();
  for (const q of queues) pipe.zrevrangebyscore(metricsKeys.queueSnapshots(q), now, now - lookbackMinutes * MINUTE_MS);
  const results = (await pipe.exec()) ?? [];
  const out: Record<string, number> = {};
  queues.forEach((q, i) => {
    const latest = parsePoints<QueueSnapshot>((results[i]?.[1] as string[]) ?? []).find((p) => p.avgRuntimeMs > 0);
    if (latest) out[q] = latest.avgRuntimeMs;
  });
  return out;
}
