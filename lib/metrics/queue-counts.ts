// How many jobs each queue holds per state, and which queues to report at all.
// Shared by the health check, the Prometheus exposition and the CLIs.
import type { Redis } from "ioredis";
import { config, consumedQueues, QUEUE_NAMES } from "../config";
import { QueueKeys } from "bullmq";
import { env } from "../env";
import { metricsRedis } from "./redis";
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

const KEY_OF: Record<JobState, string> = {
  waiting: "wait", prioritized: "prioritized", delayed: "delayed", active: "active",
  completed: "completed", failed: "failed", "waiting-children": "waiting-children",
};
const LISTS = new Set<JobState>(["waiting", "active"]);

/**
 * Counts per state of each queue: LLEN/ZCARD on BullMQ's keys, every queue in ONE
 * pipeline (a scrape of 50 queues is one round trip, not 50 Lua calls).
 */
export async function queueCounts(queues: readonly string[], redis: Redis = metricsRedis()): Promise<Record<string, StateCounts>> {
  const keys = new QueueKeys(env().REDIS_PREFIX);
  const pipe = redis.pipeline();
  for (const q of queues) {
    const k = keys.getKeys(q);
    for (const state of JOB_STATES) {
      if (LISTS.has(state)) pipe.llen(k[KEY_OF[state]]);
      else pipe.zcard(k[KEY_OF[state]]);
    }
  }
  const results = queues.length ? ((await pipe.exec()) ?? []) : [];
  const out: Record<string, StateCounts> = {};
  queues.forEach((q, i) => {
    out[q] = Object.fromEntries(JOB_STATES.map((s, j) => [s, Number(results[i * JOB_STATES.length + j]?.[1] ?? 0)])) as StateCounts;
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
