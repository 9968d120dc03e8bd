// Generated ids: a batch's (when createBatch gets none) and a batch job's without a
// `key`: `<batchId>_<n>`, n from the batch's own counter — an add registers the range of
// n it takes, not each id (scripts/job-state.ts). Short on purpose: BullMQ stores and
// sends a custom job id with every job, twice. Ids of earlier releases (`<batchId>-`
// and 11 random characters, or a UUID and 16 hex digits) stay valid everywhere: a job id
// is only ever matched to its batch by isJobIdOfBatch.
//
// A keyed job's id is `<batchId>.<key>`: a batch id never holds a `.`, so the id names its
// batch whatever the key holds. Batches of earlier releases joined with `-`, which a batch id
// may hold too: batch `p-q` with key `x` and batch `p` with key `q-x` got one BullMQ id, and
// the second push was dropped as a duplicate. Such a batch keeps `-` (its hash has no `ks`),
// so a key added again after an upgrade still finds its job.
import { randomBytes } from "node:crypto";

/** What a batch id may be (createBatch's `id`, the console routes' `[id]`): letters, digits, `_`, `-`. */
export const BATCH_ID = /^[\w-]{1,100}$/;

/** 16 characters of base64url (96 random bits), e.g. `Qx3_a9LkP0-ZtYv2`. */
export function newBatchId(): string {
  return randomBytes(12).toString("base64url");
}

/** Joins batch id and key in the batches this release creates; not a character of any batch id. */
export const KEY_SEPARATOR = ".";
/** What batches of earlier releases joined them with (a batch hash without `ks`). */
export const LEGACY_KEY_SEPARATOR = "-";

/** The id of the batch's job added with `key`: `<batchId>.<key>` (`<batchId>-<key>` in a batch of an earlier release). */
export function keyedJobId(batchId: string, key: string, separator: string = KEY_SEPARATOR): string {
  return `${batchId}${separator}${key}`;
}

/** What every generated job id of the batch begins with. Keyed ids never do: their separator is not `_`. */
export function generatedIdPrefix(batchId: string): string {
  return `${batchId}_`;
}

/** The id of the batch's job number `n` (a job added without a key), e.g. `Qx3_a9LkP0-ZtYv2_41`. */
export function generatedJobId(batchId: string, n: number): string {
  return `${generatedIdPrefix(batchId)}${n}`;
}

/** Whether `jobId` has the form of a job id of batch `batchId`: `<batchId>.<key>`, `<batchId>_<n>`, or an earlier release's `<batchId>-…`. */
export function isJobIdOfBatch(batchId: string, jobId: string): boolean {
  const separator = jobId.charAt(batchId.length);
  return jobId.startsWith(batchId) && (separator === KEY_SEPARATOR || separator === LEGACY_KEY_SEPARATOR || separator === "_");
}
