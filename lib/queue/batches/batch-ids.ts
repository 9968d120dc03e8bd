// Generated ids: a batch's (when createBatch gets none) and the suffix of a batch job
// without a `key` (its id is `<batchId>-<suffix>`). Short on purpose: BullMQ stores
// and sends a custom job id with every job, and the 53-character ids of earlier
// releases (a UUID and 16 hex digits) cost dispatch measurably. Ids of earlier
// releases stay valid everywhere: nothing parses an id, it only has to match BATCH_ID.
import { randomBytes } from "node:crypto";

/** What a batch id may be (createBatch's `id`, the console routes' `[id]`): letters, digits, `_`, `-`. */
export const BATCH_ID = /^[\w-]{1,100}$/;

/** Random bytes per generated job suffix: 64 bits, so ids drawn for one batch never meet in practice. */
export const JOB_SUFFIX_BYTES = 8;

/** 16 characters of base64url (96 random bits), e.g. `Qx3_a9LkP0-ZtYv2`. */
export function newBatchId(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * Suffixes for `n` jobs without a key, drawn from one buffer (a randomBytes call per
 * job cost ~5 µs each): suffix i is `random.toString("base64url", 8 i, 8 i + 8)`,
 * 11 characters.
 */
export function jobSuffixSource(n: number): (i: number) => string {
  const random = randomBytes(JOB_SUFFIX_BYTES * n);
  return (i) => random.toString("base64url", i * JOB_SUFFIX_BYTES, (i + 1) * JOB_SUFFIX_BYTES);
}
