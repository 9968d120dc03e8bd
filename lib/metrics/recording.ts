// Per-job measurements, aggregated in Redis per minute (issue 6 §1): counters
// on one hash per minute and one cumulative hash, never a row per job. Every
// host's workers write the same keys, so snapshots see all hosts. This file
// says WHAT a job adds; record-job.ts batches and flushes it.
import { fineBucket, promBucket } from "./buckets";
import { metricsKeys, minuteField, minuteOf, MINUTE_TTL_SECONDS, totalsField } from "./keys";
import type { RedisWrites } from "./writes";

/**
 * How an attempt ended. `failed` is a job failed for good; `retrying` an attempt that
 * failed with another to follow; `released` a job put back (ctx.release / a middleware).
 */
export type JobOutcome = "completed" | "failed" | "retrying" | "released";

/** What the workers report when an attempt ends (the runtime's finish hook, see TEAM.md). */
export interface JobFinished {
  queue: string;
  /** Job class: the definition name. */
  name: string;
  jobId: string;
  outcome: JobOutcome;
  /** Enqueued (or due, for delayed jobs) → started, ms. Undefined when unknown (e.g. a retry). */
  waitMs?: number;
  /** Started → finished, ms. */
  runtimeMs: number;
  /** Epoch ms the attempt ended; picks the minute. @defaultValue now */
  finishedAt?: number;
  attempt?: number;
  tags?: readonly string[];
  payload?: unknown;
}

/** Finished jobs count toward throughput; retried/released attempts only toward runtime. */
export function isFinalOutcome(outcome: JobOutcome): boolean {
  return outcome === "completed" || outcome === "failed";
}

/** Adds the measurements of one finished attempt to a batch of writes (flushed by record-job.ts). */
export function addJobMetrics(w: RedisWrites, job: JobFinished, now = Date.now()): void {
  const at = job.finishedAt ?? now;
  const minute = minuteOf(at);
  const mk = metricsKeys.minute(minute);
  const tk = metricsKeys.totals();
  const { queue, name } = job;
  const runtime = Math.max(0, Math.round(job.runtimeMs));
  const q = (m: string) => minuteField("q", queue, m);
  const j = (m: string) => minuteField("j", name, m);
  const t = (m: string) => totalsField(queue, name, m);

  if (isFinalOutcome(job.outcome)) {
    w.hincrby(mk, q("n"), 1).hincrby(mk, j("n"), 1);
    if (job.outcome === "failed") w.hincrby(mk, q("f"), 1).hincrby(mk, j("f"), 1);
    w.hincrby(tk, t(job.outcome === "failed" ? "f" : "c"), 1);
  } else {
    w.hincrby(tk, t("t"), 1);
  }
  w.hincrby(mk, q("rs"), runtime).hincrby(mk, q("rn"), 1)
    .hincrby(mk, j("rs"), runtime).hincrby(mk, j("rn"), 1).hincrby(mk, j(`r${fineBucket(runtime)}`), 1)
    .hincrby(tk, t("rs"), runtime).hincrby(tk, t("rn"), 1).hincrby(tk, t(`r${promBucket(runtime)}`), 1);
  if (job.waitMs !== undefined && Number.isFinite(job.waitMs)) {
    const wait = Math.max(0, Math.round(job.waitMs));
    w.hincrby(mk, q("ws"), wait).hincrby(mk, q("wn"), 1).hincrby(mk, q(`w${fineBucket(wait)}`), 1)
      .hincrby(tk, t("ws"), wait).hincrby(tk, t("wn"), 1).hincrby(tk, t(`w${promBucket(wait)}`), 1);
  }
  w.expireSeconds(mk, MINUTE_TTL_SECONDS);
  w.zaddMember(metricsKeys.measuredQueues(), queue, at).zaddMember(metricsKeys.measuredJobs(), name, at);
  w.jobs++;
}
