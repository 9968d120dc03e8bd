// Redis keys of one batch, under the Switchyard prefix (beside BullMQ's queues).
import { key } from "../../redis/connection";

export interface BatchKeys {
  /** Hash: name, queue, counters, timestamps, callback specs and claims. */
  batch: string;
  /** Hash jobId → p (pending) | ok | f (failed for good) | c (skipped: batch cancelled) | x (taken back) | r:<id> (re-run as <id>). A job without a key has no field until its outcome: its registered number makes it pending (scripts/job-state.ts). */
  jobs: string;
  /** Sorted set of failed job ids, score = when it failed. */
  failed: string;
}

/**
 * Zset of claimed callbacks not yet done, of all batches: member "<batch key>|<kind>", score = the
 * ms until which its claimer is trusted to be running it (callback-sweeper.ts). A top-level name of
 * its own: under "batches:" it could collide with a batch id.
 */
export function callbackLeasesKey(): string {
  return key("batch-callback-leases");
}

/** The batch id and callback kind of a callbackLeasesKey() member; null when it is not one. */
export function parseLeaseMember(member: string): { id: string; kind: string } | null {
  const bar = member.lastIndexOf("|");
  const prefix = key("batches", "");
  if (bar < 0 || !member.startsWith(prefix)) return null;
  return { id: member.slice(prefix.length, bar), kind: member.slice(bar + 1) };
}

export function batchKeys(id: string): BatchKeys {
  return { batch: key("batches", id), jobs: key("batches", id, "jobs"), failed: key("batches", id, "failed") };
}
