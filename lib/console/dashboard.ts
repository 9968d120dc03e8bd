// The dashboard's data: the seed's QueueHealthCheck per queue (size, failed,
// status from config thresholds, workers from heartbeats) plus Horizon's wait
// time, and the headline numbers of the last hour from the metric snapshots.
import { config } from "../config";
import { prisma } from "../db/client";
import { env } from "../env";
import { queueStatus } from "../health/queue-health";
import { queueRuntimes, readSnapshots } from "../metrics/snapshot-queries";
import { secondsToClear } from "../supervisor/wait-time";
import { queueFacts, readySize } from "./queue-summaries";
import { consoleRedis } from "./redis";
import { bucketSeries, headline, RANGES, type QueuePoint } from "./series";
import type { DashboardData, DashboardSeries, SeriesRange } from "./types";

const WINDOW_MINUTES = 60;
/** A minute's snapshot exists from ~2 s after the minute ends (lib/metrics/snapshots.ts CLOSE_GRACE_MS); allow for the job's period too. */
const SNAPSHOT_LAG_MS = 65_000;

function thresholds(): { busyAt: number; overloadedAt: number } {
  try {
    return config().horizon.health;
  } catch {
    return { busyAt: 100, overloadedAt: 1000 };
  }
}

/** Mean of the runtimes the supervisors report per queue (ms). Pure. */
export function heartbeatRuntimes(supervisors: { runtimeMs: Record<string, number> }[]): Record<string, number> {
  const sums: Record<string, { total: number; n: number }> = {};
  for (const s of supervisors) {
    for (const [queue, ms] of Object.entries(s.runtimeMs)) {
      if (!(ms > 0)) continue;
      const e = (sums[queue] ??= { total: 0, n: 0 });
      e.total += ms;
      e.n++;
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([q, e]) => [q, e.total / e.n]));
}

export async function dashboardData(now = Date.now()): Promise<DashboardData> {
  const redis = consoleRedis();
  const from = now - WINDOW_MINUTES * 60_000;
  const [facts, runtimes, snapshots, recentFailures] = await Promise.all([
    queueFacts(),
    queueRuntimes({ now, redis }),
    readSnapshots({ from, to: now, jobs: [] }, redis),
    prisma().failedJob.count({ where: { prefix: env().REDIS_PREFIX, failedAt: { gte: new Date(from) } } }),
  ]);
  const limits = thresholds();
  // Runtime per queue: the last snapshot that measured one, else what the supervisors measure live.
  const live = heartbeatRuntimes(facts.workers.supervisors);
  const queues = facts.names.map((queue) => {
    const c = facts.counts[queue];
    const size = readySize(c);
    const workers = facts.workers.workersPerQueue[queue] ?? 0;
    const runtime = runtimes[queue] ?? live[queue];
    return {
      queue,
      configured: facts.configured.has(queue),
      size,
      failed: c.failed,
      delayed: c.delayed,
      active: c.active,
      status: queueStatus(size, limits),
      workers,
      waitSeconds: size === 0 ? 0 : runtime === undefined ? null : secondsToClear(size * runtime, workers),
      paused: facts.paused[queue] ?? false,
    };
  });
  const points = Object.values(snapshots.queues) as QueuePoint[][];
  return {
    checkedAt: new Date(now).toISOString(),
    thresholds: limits,
    queues,
    headline: { windowMinutes: WINDOW_MINUTES, ...headline(points, WINDOW_MINUTES), recentFailures },
    workers: { status: facts.workers.status, masters: facts.workers.masters.length, supervisors: facts.workers.supervisors.length },
  };
}

export async function dashboardSeries(range: SeriesRange, now = Date.now()): Promise<DashboardSeries> {
  const { spanMs, bucketMs } = RANGES[range];
  // Only minutes the snapshot job has written (it closes a minute ~2 s after it ends): the running
  // minute has no point yet and would always read as a drop to zero at the right edge.
  const writtenUntil = Math.floor((now - SNAPSHOT_LAG_MS) / 60_000) * 60_000;
  const to = Math.floor(writtenUntil / bucketMs) * bucketMs;
  const from = to - spanMs;
  const snapshots = await readSnapshots({ from, to: to - 1, jobs: [] }, consoleRedis());
  return { range, bucketMs, points: bucketSeries(Object.values(snapshots.queues) as QueuePoint[][], from, to, bucketMs) };
}
