// Reads of the stored snapshots: the console's charts (GET /api/metrics/snapshots)
// and the autoscaler's runtime input (Horizon's MetricsRepository::runtimeForQueue).
import type { Redis } from "ioredis";
import { aggregateMinutes, type Aggregate } from "./aggregate";
import { HOUR_MS, hourOf, metricsKeys, MINUTE_MS } from "./keys";
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

/** Each selected series' stored members (JSON points), by name, oldest point first. */
async function readMembers(query: SnapshotQuery, redis: Redis): Promise<{ queues: [string, string[]][]; jobs: [string, string[]][] }> {
  const [queues, jobs] = await Promise.all([
    query.queues ?? redis.zrange(metricsKeys.measuredQueues(), 0, -1),
    query.jobs ?? redis.zrange(metricsKeys.measuredJobs(), 0, -1),
  ]);
  const pipe = redis.pipeline();
  for (const q of queues) pipe.zrangebyscore(metricsKeys.queueSnapshots(q), query.from, query.to);
  for (const j of jobs) pipe.zrangebyscore(metricsKeys.jobSnapshots(j), query.from, query.to);
  const results = queues.length + jobs.length ? ((await pipe.exec()) ?? []) : [];
  const pick = (names: string[], offset: number) =>
    names
      .map((name, i) => [name, (results[offset + i]?.[1] as string[] | undefined) ?? []] as [string, string[]])
      .sort(([a], [b]) => a.localeCompare(b));
  return { queues: pick(queues, 0), jobs: pick(jobs, queues.length) };
}

/**
 * The series as a JSON document (a SnapshotSeries), assembled from the stored
 * members without parsing them: the members are JSON we wrote, and 50 queues ×
 * 100 job classes × 60 points is ~9,000 objects a chart request need not rebuild.
 */
export async function readSnapshotsJson(query: SnapshotQuery, redis: Redis = metricsRedis()): Promise<string> {
  const { queues, jobs } = await readMembers(query, redis);
  const group = (series: [string, string[]][]) => `{${series.map(([name, points]) => `${JSON.stringify(name)}:[${points.join(",")}]`).join(",")}}`;
  return `{"from":${Number(query.from)},"to":${Number(query.to)},"queues":${group(queues)},"jobs":${group(jobs)}}`;
}

/** Every selected series in one round trip, oldest point first. */
export async function readSnapshots(query: SnapshotQuery, redis: Redis = metricsRedis()): Promise<SnapshotSeries> {
  return JSON.parse(await readSnapshotsJson(query, redis)) as SnapshotSeries;
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

/**
 * Throughput, failure rate and avg/p95 wait and runtime per queue and job class over
 * [from, to], from the hourly rollups of snapshotted minutes: exact sums and a p95 as
 * accurate as one minute's (the bucket width), where combining per-minute p95s cannot be.
 * Whole hours: `from` is rounded down to its hour; minutes not yet snapshotted are absent.
 */
export async function windowStats(
  { from, to, redis = metricsRedis() }: { from: number; to: number; redis?: Redis },
): Promise<Aggregate & { from: number; to: number }> {
  const pipe = redis.pipeline();
  const start = hourOf(from);
  for (let h = start; h <= to; h += HOUR_MS) pipe.hgetall(metricsKeys.hour(h));
  const hashes = ((await pipe.exec()) ?? []).map(([, v]) => (v ?? {}) as Record<string, string>);
  return { from: start, to, ...aggregateMinutes(hashes) };
}
