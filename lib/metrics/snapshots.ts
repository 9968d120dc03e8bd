// The every-minute snapshot (issue 6 §2, Horizon's `horizon:snapshot`): each
// closed minute's counters become one point per queue and per job class, kept
// for `metrics.trim_snapshots` hours. Safe to run on every host at once: each
// minute is claimed with SET NX, so it is written exactly once.
import type { Redis } from "ioredis";
import { config } from "../config";
import { aggregateMinutes, emptyJobStats, emptyQueueStats, type JobStats, type QueueStats } from "./aggregate";
import { HOUR_TTL_SECONDS, hourOf, metricsKeys, MINUTE_MS, MINUTE_TTL_SECONDS, minuteOf } from "./keys";
import { metricsRedis } from "./redis";
import { metricsPipeline } from "./writes";

/**
 * A minute counts as closed this long after it ends: workers flush their measurements
 * every second (record-job.ts FLUSH_MS), plus slow pipelines and clock skew between hosts.
 */
export const CLOSE_GRACE_MS = 5_000;
/** Closed minutes looked at per run: a housekeeping outage up to this long is caught up. */
export const CATCH_UP_MINUTES = 120;

export type QueueSnapshot = QueueStats & { at: number };
export type JobSnapshot = JobStats & { at: number };

export interface SnapshotResult {
  /** Minutes this run wrote (others were already taken, by this or another host). */
  minutes: number[];
  queues: number;
  jobs: number;
  trimmed: number;
}

export interface SnapshotOptions {
  redis?: Redis;
  now?: number;
  /** Hours to keep; defaults to config().horizon.metrics.trim_snapshots. */
  keepHours?: { queue: number; job: number };
}

/** The closed minutes a run at `now` may snapshot, oldest first. Pure. */
export function closedMinutes(now: number, catchUp = CATCH_UP_MINUTES): number[] {
  const last = minuteOf(now - CLOSE_GRACE_MS) - MINUTE_MS;
  const out: number[] = [];
  for (let m = last - (catchUp - 1) * MINUTE_MS; m <= last; m += MINUTE_MS) out.push(m);
  return out;
}

async function measured(redis: Redis, sinceMs: number): Promise<{ queues: string[]; jobs: string[] }> {
  const [queues, jobs] = await Promise.all([
    redis.zrangebyscore(metricsKeys.measuredQueues(), sinceMs, "+inf"),
    redis.zrangebyscore(metricsKeys.measuredJobs(), sinceMs, "+inf"),
  ]);
  return { queues, jobs };
}

/** Claims the minutes no run has written yet (one SET NX each, in one round trip). */
async function claim(redis: Redis, minutes: number[], ttlMs: number): Promise<number[]> {
  const pipe = redis.pipeline();
  for (const m of minutes) pipe.set(metricsKeys.snapshotClaim(m), "1", "PX", ttlMs, "NX");
  const results = (await pipe.exec()) ?? [];
  return minutes.filter((_, i) => results[i]?.[1] === "OK");
}

/** Takes the snapshots of every closed, unclaimed minute, then trims old ones. */
export async function takeSnapshot(options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const redis = options.redis ?? metricsRedis();
  const now = options.now ?? Date.now();
  const keep = options.keepHours ?? config().horizon.metrics.trim_snapshots;
  const keepMs = { queue: keep.queue * 3_600_000, job: keep.job * 3_600_000 };
  // Minutes older than their hash's TTL hold nothing: do not claim them as empty.
  const minutes = closedMinutes(now).filter((m) => m + MINUTE_MS > now - MINUTE_TTL_SECONDS * 1000);
  const claimed = await claim(redis, minutes, Math.max(keepMs.queue, keepMs.job) + 2 * MINUTE_TTL_SECONDS * 1000);
  const names = await measured(redis, now - Math.max(keepMs.queue, keepMs.job));

  let queues = 0;
  let jobs = 0;
  if (claimed.length) {
    const read = redis.pipeline();
    for (const m of claimed) read.hgetall(metricsKeys.minute(m));
    const hashes = ((await read.exec()) ?? []).map(([, v]) => (v ?? {}) as Record<string, string>);
    const write = metricsPipeline(redis);
    claimed.forEach((at, i) => {
      const { queues: qs, jobs: js } = aggregateMinutes([hashes[i]]);
      // Every measured queue gets a point, zero when idle, so charts show the quiet minutes.
      for (const queue of new Set([...names.queues, ...qs.keys()])) {
        const point: QueueSnapshot = { ...(qs.get(queue) ?? emptyQueueStats(queue)), at };
        write.zadd(metricsKeys.queueSnapshots(queue), at, JSON.stringify(point));
        queues++;
      }
      for (const job of new Set([...names.jobs, ...js.keys()])) {
        const point: JobSnapshot = { ...(js.get(job) ?? emptyJobStats(job)), at };
        write.zadd(metricsKeys.jobSnapshots(job), at, JSON.stringify(point));
        jobs++;
      }
      // The hour's rollup adds the minute's raw counters up, so a window of hours keeps exact
      // sums and a bucket-accurate p95 (snapshot points only keep each minute's p95).
      const hk = metricsKeys.hour(hourOf(at));
      const fields = Object.entries(hashes[i]).flatMap(([field, value]) => [field, Number(value) || 0]);
      if (fields.length) write.syHincrbyMany(hk, ...fields).expire(hk, HOUR_TTL_SECONDS);
    });
    await write.exec();
  }
  const trimmed = await trimSnapshots(redis, now, keepMs);
  return { minutes: claimed, queues, jobs, trimmed };
}

/**
 * Drops snapshots older than their window, and names not measured within it
 * (their snapshot sets are empty by then). Also what `ops.trim` relies on.
 */
export async function trimSnapshots(redis: Redis, now: number, keepMs: { queue: number; job: number }): Promise<number> {
  const [queues, jobs] = await Promise.all([
    redis.zrange(metricsKeys.measuredQueues(), 0, -1),
    redis.zrange(metricsKeys.measuredJobs(), 0, -1),
  ]);
  const pipe = redis.pipeline();
  // Scores are the minute described; like every trim, a point exactly keepMs old is past its window.
  for (const q of queues) pipe.zremrangebyscore(metricsKeys.queueSnapshots(q), "-inf", now - keepMs.queue);
  for (const j of jobs) pipe.zremrangebyscore(metricsKeys.jobSnapshots(j), "-inf", now - keepMs.job);
  pipe.zremrangebyscore(metricsKeys.measuredQueues(), "-inf", now - keepMs.queue);
  pipe.zremrangebyscore(metricsKeys.measuredJobs(), "-inf", now - keepMs.job);
  const results = (await pipe.exec()) ?? [];
  return results.slice(0, queues.length + jobs.length).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
}
