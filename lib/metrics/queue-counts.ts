// How many jobs each queue holds per state, and which queues to report at all.
// Shared by the health check, the Prometheus exposition and the CLIs.
import type { Redis } from "ioredis";
import { config, consumedQueues, QUEUE_NAMES } from "../config";
import { getQueue } from "../queue/queues";
import { metricsKeys } from "./keys";

export const JOB_STATES = ["waiting", "prioritized", "delayed", "active", "completed", "failed", "waiting-children"] as const;
export type JobState = (typeof JOB_STATES)[number];
export type StateCounts = Record<JobState, number>;

/**
 * Ready to run now (the seed's `LLEN queues:<name>`): waiting + prioritized. Delayed jobs
 * are not due yet. (BullMQ ≥ 5 keeps a paused queue's jobs in its wait list.)
 */
export function pendingSize(c: StateCounts): number {
  return c.waiting + c.prioritized;
}

/** Counts per state of each queue; one Lua call per queue, all in flight together. */
export async function queueCounts(queues: readonly string[]): Promise<Record<string, StateCounts>> {
  const counts = await Promise.all(queues.map((q) => getQueue(q).getJobCounts(...JOB_STATES)));
  const out: Record<string, StateCounts> = {};
  queues.forEach((q, i) => {
    const c = counts[i];
    out[q] = Object.fromEntries(JOB_STATES.map((s) => [s, Number(c[s] ?? 0)])) as StateCounts;
  });
  return out;
}

/**
 * The queues to report: every queue of the config (consumed ones first, in the config's
 * order), then any other queue that finished a job within the snapshot window.
 */
export async function knownQueues(redis: Redis, now = Date.now()): Promise<string[]> {
  let configured: string[] = [...QUEUE_NAMES];
  let windowMs = 24 * 3_600_000;
  try {
    const cfg = config();
    configured = [...new Set([...consumedQueues(cfg), ...QUEUE_NAMES])];
    windowMs = cfg.horizon.metrics.trim_snapshots.queue * 3_600_000;
  } catch {
    // A broken config is reported by the workers; the ops surface still shows the default queues.
  }
  const measured = await redis.zrangebyscore(metricsKeys.measuredQueues(), now - windowMs, "+inf");
  return [...configured, ...measured.filter((q) => !configured.includes(q)).sort()];
}
