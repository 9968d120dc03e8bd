// Indexes a finished job under each of its tags, in the same batch of writes as
// its metrics: the recent index (search by tag), the failed index, and — for a
// monitored tag — a copy of the job that outlives BullMQ's completed/failed trim
// (Horizon's JobRepository::remember).
import { z } from "zod";
import type { JobFinished } from "../metrics/recording";
import type { RedisWrites } from "../metrics/writes";
import { jobMember, tagKeys } from "./tag-keys";

/** What the monitored view shows for a job, stored as JSON. */
export const monitoredJobSchema = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  status: z.enum(["completed", "failed"]),
  tags: z.array(z.string()),
  payload: z.unknown(),
  attempt: z.number().optional(),
  waitMs: z.number().optional(),
  runtimeMs: z.number(),
  finishedAt: z.number(),
  error: z.string().optional(),
});
export type MonitoredJob = z.infer<typeof monitoredJobSchema>;

/** Payload copies are bounded: a monitored tag must not turn Redis into a blob store. */
const MAX_COPY_BYTES = 64 * 1024;

function copyOf(job: JobFinished & { error?: string }, tags: readonly string[], at: number): string {
  const copy: MonitoredJob = {
    id: job.jobId,
    queue: job.queue,
    name: job.name,
    status: job.outcome === "failed" ? "failed" : "completed",
    tags: [...tags],
    payload: job.payload,
    attempt: job.attempt,
    waitMs: job.waitMs,
    runtimeMs: Math.round(job.runtimeMs),
    finishedAt: at,
    ...(job.error ? { error: job.error.slice(0, 2000) } : {}),
  };
  const json = JSON.stringify(copy);
  return json.length <= MAX_COPY_BYTES ? json : JSON.stringify({ ...copy, payload: { truncated: true, bytes: json.length } });
}

export interface TagIndexOptions {
  /** Tags currently monitored (a cached set, see monitored-cache.ts). */
  monitored: ReadonlySet<string>;
  /** `trim.monitored` in ms: how long a copy lives. */
  monitoredWindowMs: number;
  now?: number;
}

/**
 * Adds the index writes of a job that finished for good (completed or failed);
 * attempts that will run again are indexed when they finish.
 */
export function addJobTags(
  w: RedisWrites,
  job: JobFinished & { error?: string },
  tags: readonly string[],
  { monitored, monitoredWindowMs, now = Date.now() }: TagIndexOptions,
): void {
  if (!tags.length || (job.outcome !== "completed" && job.outcome !== "failed")) return;
  const at = job.finishedAt ?? now;
  const member = jobMember(job.queue, job.jobId);
  let copied = false;
  for (const tag of tags) {
    w.zaddMember(tagKeys.recent(tag), member, at).zaddMember(tagKeys.known(), tag, at);
    if (job.outcome === "failed") w.zaddMember(tagKeys.failed(tag), member, at).zaddMember(tagKeys.knownFailed(), tag, at);
    if (monitored.has(tag)) {
      if (!copied) {
        // Expiry from the finish time: the copy dies when its window ends, even if trim never runs.
        w.setPx(tagKeys.jobCopy(member), copyOf(job, tags, at), at + monitoredWindowMs - now);
        copied = true;
      }
      w.zaddMember(tagKeys.monitoredJobs(tag), member, at);
    }
  }
}
