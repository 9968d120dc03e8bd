// Records metrics from a BullMQ Worker's own events, using the timestamps
// BullMQ keeps on every job (timestamp, processedOn, finishedOn). This is the
// way in for workers without the runtime's finish hook (benches, tests, the
// housekeeping worker); with the hook, subscribe recordJobFinished instead.
import type { Job, Worker } from "bullmq";
import { recordFinishedEvent } from "./record-job";
import type { JobFinished, JobOutcome } from "./recording";

interface StoredData {
  payload?: unknown;
  meta?: { tags?: unknown };
}

/**
 * Wait of an attempt: due time (enqueued + delay) → started. Known only for the
 * first attempt; BullMQ keeps no "due again" time for a retry.
 */
export function waitOf(job: Pick<Job, "timestamp" | "processedOn" | "opts" | "attemptsStarted">): number | undefined {
  if (!job.processedOn || (job.attemptsStarted ?? 1) > 1) return undefined;
  return Math.max(0, job.processedOn - (job.timestamp + (job.opts?.delay ?? 0)));
}

/** The finish record of a BullMQ job whose attempt just ended. */
export function finishedFromBullJob(job: Job, outcome: JobOutcome, now = Date.now()): JobFinished {
  const data = (job.data ?? {}) as StoredData;
  const finishedAt = job.finishedOn ?? now;
  const tags = Array.isArray(data.meta?.tags) ? data.meta.tags.filter((t): t is string => typeof t === "string") : undefined;
  return {
    queue: job.queueName,
    name: job.name,
    jobId: String(job.id),
    outcome,
    waitMs: waitOf(job),
    runtimeMs: job.processedOn ? Math.max(0, finishedAt - job.processedOn) : 0,
    finishedAt,
    attempt: job.attemptsStarted,
    tags,
    payload: data.payload ?? data,
  };
}

/** Subscribes a Worker's 'completed' and 'failed' events to the recorder; returns the unsubscribe. */
export function attachMetrics(worker: Worker): () => void {
  const onCompleted = (job: Job) => {
    recordFinishedEvent(finishedFromBullJob(job, "completed"));
  };
  const onFailed = (job: Job | undefined, error: Error) => {
    if (!job) return;
    // moveToFailed sets finishedOn only when the job failed for good; a retry leaves it unset.
    const final = typeof job.finishedOn === "number" && job.finishedOn >= (job.processedOn ?? 0);
    recordFinishedEvent({ ...finishedFromBullJob(job, final ? "failed" : "retrying"), error });
  };
  worker.on("completed", onCompleted);
  worker.on("failed", onFailed);
  return () => {
    worker.off("completed", onCompleted);
    worker.off("failed", onFailed);
  };
}
