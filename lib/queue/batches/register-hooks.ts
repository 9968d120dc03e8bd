// Wires batches into the job runtime's attempt hooks: every job whose meta carries
// a batchId is counted (and skipped when its batch was cancelled).
import { registerAttemptHooks } from "../attempt-hooks";
import { afterBatchJobCompleted, afterBatchJobFailed, beforeBatchAttempt, isFreshAttempt } from "./batch-lifecycle";

registerAttemptHooks({
  name: "batches",
  async beforeAttempt({ job, meta }) {
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
