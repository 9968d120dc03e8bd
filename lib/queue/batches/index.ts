// Job batches (the seed's Bus::batch). Importing this module registers the batch
// hooks with the job runtime (see ./register-hooks.ts).
import "./register-hooks";

export { createBatch, addToBatch, batchJob, type BatchJob, type CreateBatchOptions } from "./create-batch";
export { cancelBatch, retryBatch, type RetryBatchResult } from "./batch-actions";
export { findBatch, batchProgress, listBatches, type BatchDetails, type BatchList, type CallbackState } from "./find-batch";
export { defineBatchCallback, type BatchCallback, type BatchCallbackContext, type CallbackRef } from "./batch-callbacks";
export { progressOf, type BatchSnapshot } from "./progress";
export { BatchNotFound, BatchConflict } from "./errors";
export { drainBatchRecords } from "./batch-lifecycle";
export { startBatchCallbackSweeper, sweepBatchCallbacks, type CallbackSweeper, type SweepResult } from "./callback-sweeper";
