// Wires batches into the job runtime's attempt hooks: every job whose meta carries
// a batchId is counted (and skipped when its batch was cancelled).
import { registerAttemptHooks } from "../attempt-hooks";
import { batchOfRetriedJob } from "./retried-from-archive";
import { afterBatchJobCompleted, afterBatchJobFailed, beforeBatchAttempt, isFreshAttempt } from "./batch-lifecycle";

registerAttemptHooks({
  name: "batches",
  async beforeAttempt({ job, meta }) {
    if (!meta.batchId && meta.retryOf) {
      // Retried from the failed-job archive under a new id: find its batch (rare path, two queries).
      const batchId = await batchOfRetriedJob(meta.retryOf, job.id!);
      if (batchId) meta.batchId = batchId; // this attempt's after-hooks see it (same meta object)
    }
    if (!meta.batchId) return undefined;
    return beforeBatchAttempt(meta.batchId, job.id!, isFreshAttempt(job));
  },
  async afterCompleted({ job, meta }) {
    if (meta.batchId) await afterBatchJobCompleted(meta.batchId, job.id!);
  },
  async afterFailed({ job, meta }, error) {
    if (meta.batchId) await afterBatchJobFailed(meta.batchId, job.id!, error);
  },
});
