// The mark a failed job's hash gets once its failure is in the archive (PostgreSQL).
// The failure sweeper (failure-sweeper.ts) archives every failed job without it: one
// whose worker died between BullMQ failing it and archiving it, or whose archive write
// found PostgreSQL down. The mark names the run it belongs to (the job's processedOn),
// so a job retried in place that fails again is archived again.
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import { key } from "../redis/connection";
import { runtimeRedis } from "./queues";

export const ARCHIVED_FIELD = "syArchivedRun";

// Only on a hash that still exists: a job removed meanwhile (removeOnFail) must not come back as a stray key.
const MARK_IF_PRESENT = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 0";

/** The run of the job a failure belongs to: the start of its last attempt. */
export function runOf(job: Pick<Job, "processedOn" | "timestamp">): string {
  return String(job.processedOn ?? job.timestamp ?? 0);
}

/** The Redis key of a BullMQ job's hash. */
export function jobKey(queue: string, jobId: string): string {
  return key(queue, jobId);
}

export async function markArchived(job: Job, redis: Redis = runtimeRedis()): Promise<void> {
  await redis.eval(MARK_IF_PRESENT, 1, jobKey(job.queueName, job.id!), ARCHIVED_FIELD, runOf(job));
}
