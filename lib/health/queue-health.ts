// The seed's QueueHealthCheck: per queue its size, failed count, a status from
// the size, and the worker processes serving it on every host.
import type { Redis } from "ioredis";
import { config } from "../config";
import { knownQueues, pendingSize, queueCounts, type StateCounts } from "../metrics/queue-counts";
import { metricsRedis } from "../metrics/redis";
import { workersPerQueue } from "../supervisor/heartbeats";

export type QueueStatus = "idle" | "healthy" | "busy" | "overloaded";

export interface HealthThresholds {
  /** Size from which a queue is busy. @defaultValue 100 (config().horizon.health.busyAt) */
  busyAt: number;
  /** Size from which a queue is overloaded. @defaultValue 1000 */
  overloadedAt: number;
}

/** The seed's getStatus(): 0 idle, below busyAt healthy, below overloadedAt busy, else overloaded. Pure. */
export function queueStatus(size: number, { busyAt, overloadedAt }: HealthThresholds): QueueStatus {
  if (size <= 0) return "idle";
  if (size < busyAt) return "healthy";
  if (size < overloadedAt) return "busy";
  return "overloaded";
}

export interface QueueHealth {
  /** Jobs ready to run (waiting + prioritized), the seed's `size`. */
  size: number;
  failed: number;
  status: QueueStatus;
  /** Worker processes able to take its jobs, summed over all live supervisors on all hosts. */
  workers: number;
  delayed: number;
  active: number;
}

/** Pure: assembles the report from counts and worker numbers. */
export function buildHealth(
  counts: Record<string, StateCounts>,
  workers: Record<string, number>,
  thresholds: HealthThresholds,
): Record<string, QueueHealth> {
  const out: Record<string, QueueHealth> = {};
  for (const [queue, c] of Object.entries(counts)) {
    const size = pendingSize(c);
    out[queue] = {
      size,
      failed: c.failed,
      status: queueStatus(size, thresholds),
      workers: workers[queue] ?? 0,
      delayed: c.delayed,
      active: c.active,
    };
  }
  return out;
}

export interface HealthReport {
  checkedAt: string;
  queues: Record<string, QueueHealth>;
}

/** Reads counts and heartbeats; `queues` narrows the report (unknown names report zeros). */
export async function checkQueueHealth(options: { queues?: string[]; redis?: Redis } = {}): Promise<HealthReport> {
  const redis = options.redis ?? metricsRedis();
  const names = options.queues ?? (await knownQueues(redis));
  const [counts, workers] = await Promise.all([queueCounts(names, redis), workersPerQueue(redis)]);
  const report = buildHealth(counts, workers, config().horizon.health);
  return { checkedAt: new Date().toISOString(), queues: report };
}

