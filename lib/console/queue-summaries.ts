// Per-queue facts the Queues and Dashboard screens share: counts per state,
// paused flag, workers (heartbeats) and the supervisors that consume it.
import { config } from "../config";
import { getQueue } from "../queue/queues";
import { workersStatus, type WorkersStatus } from "../supervisor/control";
import { parseQueueCounts, type QueueCounts } from "./queue-counts";
import { allQueues } from "./queue-list";
import { consoleRedis } from "./redis";
import { type QueueList, type QueueSummary, type StateCounts } from "./types";

/**
 * Counts per state and paused flag of every queue in one script call (queue-counts.ts: the same
 * reads as BullMQ's getJobCounts, for all queues at once, instead of one getJobCounts per queue
 * plus a pipeline of paused flags).
 */
export async function countQueues(names: readonly string[]): Promise<QueueCounts> {
  if (!names.length) return { counts: {}, paused: {} };
  return parseQueueCounts(names, await consoleRedis().syQueueCounts(names.length, ...names.map((n) => getQueue(n).toKey(""))));
}

/** Ready to run (once resumed, for a paused queue): the seed's queue size. */
export function readySize(c: StateCounts): number {
  return c.waiting + c.prioritized;
}

export function supervisorsOf(queue: string): string[] {
  try {
    return config().supervisors.filter((s) => (s.queue as readonly string[]).includes(queue)).map((s) => s.name);
  } catch {
    return [];
  }
}

export interface QueueFacts {
  names: string[];
  configured: Set<string>;
  discoveredAt: number | null;
  counts: Record<string, StateCounts>;
  paused: Record<string, boolean>;
  workers: WorkersStatus;
}

/** Everything about every queue in two parallel reads (counts with paused flags, heartbeats). */
export async function queueFacts(only?: string[]): Promise<QueueFacts> {
  const listed = await allQueues();
  const names = only ?? listed.names;
  // Taken first: consoleRedis() throws while Redis is known down, and a throw after countQueues had
  // started would leave that promise's rejection unhandled.
  const redis = consoleRedis();
  const [{ counts, paused }, workers] = await Promise.all([countQueues(names), workersStatus(redis)]);
  return { names, configured: listed.configured, discoveredAt: listed.discoveredAt, counts, paused, workers };
}

export function summaryOf(name: string, facts: QueueFacts): QueueSummary {
  return {
    name,
    configured: facts.configured.has(name),
    paused: facts.paused[name] ?? false,
    counts: facts.counts[name],
    workers: facts.workers.workersPerQueue[name] ?? 0,
    supervisors: supervisorsOf(name),
  };
}

export async function queueList(): Promise<QueueList> {
  const facts = await queueFacts();
  return { queues: facts.names.map((n) => summaryOf(n, facts)), discoveredAt: facts.discoveredAt };
}
