// Redis keys of the tag index and monitored tags (Horizon's TagRepository).
// Index members are `<queue>:<jobId>`: queue names hold no ":", job ids may.
import { key } from "../redis/connection";

export const tagKeys = {
  /** Sorted set of tags seen on finished jobs within trim.recent, scored by the last time. */
  known: () => key("tags", "known"),
  /** Sorted set of tags seen on failed jobs within trim.recent_failed, scored by the last time. */
  knownFailed: () => key("tags", "known-failed"),
  /** Finished jobs carrying `tag`, scored by finish time; kept for `trim.recent`. */
  recent: (tag: string) => key("tags", "recent", tag),
  /** Jobs with `tag` that failed for good, scored by finish time; kept for `trim.recent_failed`. */
  failed: (tag: string) => key("tags", "failed", tag),
  /** Set of monitored tags. */
  monitored: () => key("tags", "monitored"),
  /** Hash tag → JSON { by, at } of who started monitoring it. */
  monitoredMeta: () => key("tags", "monitored-meta"),
  /** Jobs of a monitored tag, scored by finish time; kept for `trim.monitored`. */
  monitoredJobs: (tag: string) => key("tags", "monitored-jobs", tag),
  /** JSON copy of a monitored job, so it outlives BullMQ's completed/failed trim. */
  jobCopy: (member: string) => key("tags", "job", member),
};

export function jobMember(queue: string, jobId: string): string {
  return `${queue}:${jobId}`;
}

export function parseJobMember(member: string): { queue: string; jobId: string } | null {
  const at = member.indexOf(":");
  if (at <= 0 || at === member.length - 1) return null;
  return { queue: member.slice(0, at), jobId: member.slice(at + 1) };
}
