// Which strings can be a BullMQ job id. A job lives at `<prefix>:<queue>:<id>`,
// the same namespace as the queue's own keys: an id like "meta" or "1:logs"
// would make getJob read (and remove delete) the queue's meta hash or a job's
// log list. BullMQ itself refuses ':' in custom ids, except the ids its job
// schedulers give their jobs: `repeat:<scheduler>:<millis>`.

/** The queue's own key names (QueueKeys.getKeys, plus the metrics and scheduler keys). */
export const RESERVED_JOB_IDS: ReadonlySet<string> = new Set([
  "active", "wait", "waiting-children", "paused", "id", "delayed", "prioritized", "stalled-check",
  "completed", "failed", "stalled", "repeat", "limiter", "meta", "events", "pc", "marker", "de", "metrics",
]);

const SCHEDULED_JOB_ID = /^repeat:[^:]+:\d+$/;

/** Why `id` cannot name a job, or null when it can. */
export function jobIdProblem(id: string): string | null {
  if (RESERVED_JOB_IDS.has(id)) return `"${id}" names one of the queue's own Redis keys, not a job`;
  if (id.includes(":") && !SCHEDULED_JOB_ID.test(id)) return "a job id has no ':' (except a scheduler's repeat:<id>:<millis>)";
  return null;
}

export const canBeJobId = (id: string): boolean => jobIdProblem(id) === null;
