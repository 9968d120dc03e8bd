// Generated ids: a batch's (when createBatch gets none) and a batch job's without a
// `key`: `<batchId>_<n>`, n from the batch's own counter — an add registers the range of
// n it takes, not each id (scripts/job-state.ts). Short on purpose: BullMQ stores and
// sends a custom job id with every job, twice. Ids of earlier releases (`<batchId>-`
// and 11 random characters, or a UUID and 16 hex digits) stay valid everywhere: a job id
// is only ever matched to its batch by isJobIdOfBatch.
import { randomBytes } from "node:crypto";

/** What a batch id may be (createBatch's `id`, the console routes' `[id]`): letters, digits, `_`, `-`. */
export const BATCH_ID = /^[\w-]{1,100}$/;

/** 16 characters of base64url (96 random bits), e.g. `Qx3_a9LkP0-ZtYv2`. */
export function newBatchId(): string {
  return randomBytes(12).toString("base64url");
}

/** What every generated job id of the batch begins with. A keyed job's id is `<batchId>-<key>`: the `_` keeps the two kinds apart, whatever the key. */
export function generatedIdPrefix(batchId: string): string {
  return `${batchId}_`;
}

/** The id of the batch's job number `n` (a job added without a key), e.g. `Qx3_a9LkP0-ZtYv2_41`. */
export function generatedJobId(batchId: string, n: number): string {
  return `${generatedIdPrefix(batchId)}${n}`;
}

/** Whether `jobId` has the form of a job id of batch `batchId`: `<batchId>-<key>` (and ids of earlier releases) or `<batchId>_<n>`. */
export function isJobIdOfBatch(batchId: string, jobId: string): boolean {
  const separator = jobId.charAt(batchId.length);
  return jobId.startsWith(batchId) && (separator === "-" || separator === "_");
}
