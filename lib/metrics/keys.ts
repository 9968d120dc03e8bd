// Redis keys and hash-field names of the metrics, in one place so the writer
// (recording.ts) and the readers (snapshots, prometheus, CLI) cannot drift.
import { key } from "../redis/connection";

export const MINUTE_MS = 60_000;

/** Start of the minute holding `ms`. */
export function minuteOf(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

export const HOUR_MS = 60 * MINUTE_MS;

/** Start of the hour holding `ms`. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export const metricsKeys = {
  /** Hash of one hour's counters: the snapshotted minutes' hashes added up (same fields). */
  hour: (hourMs: number) => key("metrics", "hour", hourMs),
  /** Hash of one minute's counters for every queue and job class (fields below). */
  minute: (minuteMs: number) => key("metrics", "minute", minuteMs),
  /** Hash of cumulative counters per (queue, job) since the start: Prometheus counters and histograms. */
  totals: () => key("metrics", "totals"),
  /** Sorted sets of queue / job names, scored by the last time one finished a job. */
  measuredQueues: () => key("metrics", "measured", "queues"),
  measuredJobs: () => key("metrics", "measured", "jobs"),
  /** Sorted set of one queue's / job class's snapshots, scored by the minute they describe. */
  queueSnapshots: (queue: string) => key("metrics", "snapshots", "queue", queue),
  jobSnapshots: (job: string) => key("metrics", "snapshots", "job", job),
  /** Marks a minute as snapshotted (SET NX): two hosts never both write it. */
  snapshotClaim: (minuteMs: number) => key("metrics", "snapshot-claim", minuteMs),
};

/** Minute hashes live long enough for the snapshot job to catch up after an outage of this length. */
export const MINUTE_TTL_SECONDS = 3 * 60 * 60;
/** Hour rollups serve windows of up to 24 h (the snapshots' own retention), plus the hour in progress. */
export const HOUR_TTL_SECONDS = 26 * 60 * 60;

// Hash fields. Queue and job names cannot contain "|" (runtime and config regexes),
// so `<kind>|<name>|<metric>` splits unambiguously at the first and last "|".
export type FieldKind = "q" | "j";

/** Per-minute metrics: n finished, f failed for good, a attempts, rs/rn runtime sum/samples, ws/wn wait, r<i>/w<i> fine buckets. */
export const minuteField = (kind: FieldKind, name: string, metric: string) => `${kind}|${name}|${metric}`;

export function parseMinuteField(field: string): { kind: FieldKind; name: string; metric: string } | null {
  const first = field.indexOf("|");
  const last = field.lastIndexOf("|");
  if (first !== 1 || last <= first) return null;
  const kind = field[0];
  if (kind !== "q" && kind !== "j") return null;
  return { kind, name: field.slice(first + 1, last), metric: field.slice(last + 1) };
}

/** Totals: `<queue>|<job>|<metric>`: c completed, f failed, t retried attempts, rs/rn, ws/wn, r<le>/w<le>. */
export const totalsField = (queue: string, job: string, metric: string) => `${queue}|${job}|${metric}`;

export function parseTotalsField(field: string): { queue: string; job: string; metric: string } | null {
  const first = field.indexOf("|");
  const last = field.lastIndexOf("|");
  if (first <= 0 || last <= first) return null;
  return { queue: field.slice(0, first), job: field.slice(first + 1, last), metric: field.slice(last + 1) };
}
