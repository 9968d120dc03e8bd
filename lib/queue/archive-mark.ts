// The marks a failed job's hash gets as its final failure is handled, each naming the run it
// belongs to (the job's processedOn), so a job retried in place that fails again is handled again:
// - archived: its failure is handled — in the archive (PostgreSQL) and counted by its batch or chain
//   (set last, final-failure.ts markHandled). The failure sweeper (failure-sweeper.ts) handles every
//   failed job without it again: one whose worker died between BullMQ failing it and archiving it,
//   whose archive write found PostgreSQL down, or whose batch or chain step failed after the row.
// - hooked: its definition's failed() hook ran (a refund, an SMS to the caller must not happen twice);
// - alerted: its failure is queued for the admins' digest, so the sweeper handling the run again
//   does not report it twice.
// Kept in the hash, not in keys of their own: they live and go with the job (a failure storm leaves
// no key per failed job behind).
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import { key } from "../redis/connection";
import { runtimeRedis } from "./queues";

export const ARCHIVED_FIELD = "syArchivedRun";
export const HOOKED_FIELD = "syHookedRun";
export const ALERTED_FIELD = "syAlertedRun";

// 1 unless the hash already holds this run's mark (then 0); marks it when the hash exists — only
// then: a job removed meanwhile (removeOnFail) must not come back as a stray key.
const CLAIM_MARK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 1 end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** The run of the job a failure belongs to: the start of its last attempt. */
export function runOf(job: Pick<Job, "processedOn" | "timestamp">): string {
  return String(job.processedOn ?? job.timestamp ?? 0);
}

/** The Redis key of a BullMQ job's hash. */
export function jobKey(queue: string, jobId: string): string {
  return key(queue, jobId);
}

/** Sets the job's `field` to its run; true unless it held that run already. */
async function claimMark(job: Job, field: string, redis: Redis): Promise<boolean> {
  return (await redis.eval(CLAIM_MARK, 1, jobKey(job.queueName, job.id!), field, runOf(job))) === 1;
}

export async function markArchived(job: Job, redis: Redis = runtimeRedis()): Promise<void> {
  await claimMark(job, ARCHIVED_FIELD, redis);
}

/** True the first time this run of the job runs its failed() hook (or when its hash is gone), false after. */
export function claimHook(job: Job, redis: Redis = runtimeRedis()): Promise<boolean> {
  return claimMark(job, HOOKED_FIELD, redis);
}

/** True the first time this run of the job is alerted (or when its hash is gone), false after. */
export function claimAlert(job: Job, redis: Redis = runtimeRedis()): Promise<boolean> {
  return claimMark(job, ALERTED_FIELD, redis);
}
