// Per-queue facts the Queues and Dashboard screens share: counts per state,
// paused flag, workers (heartbeats) and the supervisors that consume it.
import { config } from "../config";
import { getQueue } from "../queue/queues";
import { workersStatus, type WorkersStatus } from "../supervisor/control";
import { allQueues } from "./queue-list";
import { consoleRedis } from "./redis";
import { type QueueList, type QueueSummary, type StateCounts } from "./types";

/** States BullMQ counts; "paused" is not one of them (see stateCounts). */
const COUNTED = ["waiting", "prioritized", "active", "delayed", "completed", "failed", "waiting-children"] as const;

/**
 * Counts per state of each queue: one BullMQ getJobCounts (one Lua call) per queue, all in flight together.
 * BullMQ 6 pauses a queue with a flag and leaves its jobs in the wait list, so "paused" is the waiting
 * count of a paused queue (and 0 otherwise) — the same jobs, not extra ones.
 */
export async function stateCounts(names: readonly string[], pausedFlagsOf: Record<string, boolean> | Promise<Record<string, boolean>>): Promise<Record<string, StateCounts>> {
  const [all, paused] = await Promise.all([Promise.all(names.map((n) => getQueue(n).getJobCounts(...COUNTED))), pausedFlagsOf]);
  return Object.fromEntries(
    names.map((n, i) => {
      const counts = Object.fromEntries(COUNTED.map((s) => [s, Number(all[i][s] ?? 0)])) as Omit<StateCounts, "paused">;
      return [n, { ...counts, paused: paused[n] ? counts.waiting : 0 }];
    }),
  );
}

/** BullMQ's pause is a flag in the queue's meta hash; one pipeline for all queues. */
export async function pausedFlags(names: readonly string[]): Promise<Record<string, boolean>> {
  if (!names.length) return {};
  const pipe = consoleRedis().pipeline();
  for (const n of names) pipe.hexists(getQueue(n).toKey("meta"), "paused");
  const results = (await pipe.exec()) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, Number(results[i]?.[1] ?? 0) === 1]));
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

/** Everything about every queue in three parallel reads (counts, paused flags, heartbeats). */
export async function queueFacts(only?: string[]): Promise<QueueFacts> {
  const listed = await allQueues();
  const names = only ?? listed.names;
  // Counts, paused flags and heartbeats in flight together: three independent reads.
  const pausedRead = pausedFlags(names);
  const [counts, paused, workers] = await Promise.all([stateCounts(names, pausedRead), pausedRead, workersStatus(consoleRedis())]);
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
