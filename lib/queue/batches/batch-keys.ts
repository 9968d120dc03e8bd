// Redis keys of one batch, under the Switchyard prefix (beside BullMQ's queues).
import { key } from "../../redis/connection";

export interface BatchKeys {
  /** Hash: name, queue, counters, timestamps, callback specs and claims. */
  batch: string;
  /** Hash jobId → p (pending) | ok | f (failed for good) | c (skipped: batch cancelled). */
  jobs: string;
  /** Sorted set of failed job ids, score = when it failed. */
  failed: string;
}

export function batchKeys(id: string): BatchKeys {
  return { batch: key("batches", id), jobs: key("batches", id, "jobs"), failed: key("batches", id, "failed") };
}
