// Leases on claimed batch callbacks. A callback (then/catch/finally) is claimed in the
// Lua step that triggers it, and its claimer runs it in-process. If the claimer dies in
// between, nothing else would ever run it: the take-back's and the cancel's claims have
// no job that could re-run, and a claiming job may be gone (trimmed, or failed for good
// by BullMQ after stalling). So every claim comes with a lease (finish-batch's
// dueCallbacks): the claimer renews it while the callback runs and drops it when done;
// a lease that runs out is re-claimed by a sweeper (callback-sweeper.ts), which runs the
// callback again. See docs/BATCHES.md "Callbacks" for what that guarantees.
import { batchKeys, callbackLeasesKey } from "./batch-keys";
import { batchRedis as redis } from "./batch-redis";

/**
 * How long a claimer is trusted to be running a callback without renewing: a callback
 * left by a dead claimer runs again this long (plus a sweep interval) after its last
 * renewal. Long enough that a loaded machine renews in time (every third of it).
 * @defaultValue 60000
 */
let leaseMs = 60_000;

export function callbackLeaseMs(): number {
  return leaseMs;
}

/** Tests (and a process that wants faster recovery): the lease given to claims made from now on. */
export function setCallbackLeaseMs(ms: number): void {
  if (!Number.isInteger(ms) || ms < 100) throw new Error(`setCallbackLeaseMs(${ms}): an integer ≥ 100 ms`);
  leaseMs = ms;
}

/** The claimer is still at it: push its lease out. false when the claim is no longer its own (re-claimed) or done. */
export async function renewCallbackLease(id: string, kind: string, claimer: string, now = Date.now()): Promise<boolean> {
  return (await redis().syBatchCallbackRenew(batchKeys(id).batch, callbackLeasesKey(), kind, claimer, String(now + leaseMs))) === 1;
}

/** 1 taken over by `claimer`; 0 lease still running; -1 nothing left to run (lease dropped). */
export async function reclaimCallback(id: string, kind: string, claimer: string, now = Date.now()): Promise<1 | 0 | -1> {
  const r = await redis().syBatchCallbackReclaim(batchKeys(id).batch, callbackLeasesKey(), kind, claimer, String(now), String(now + leaseMs));
  return r === 1 ? 1 : r === 0 ? 0 : -1;
}

/** Lease members whose deadline has passed, oldest first. */
export async function expiredLeases(now = Date.now(), limit = 50): Promise<string[]> {
  return redis().zrangebyscore(callbackLeasesKey(), "-inf", now, "LIMIT", 0, limit);
}

/** Marks the callback done (with its error, if it threw) and drops its lease, in one step. */
export async function markCallbackDone(id: string, kind: string, error: string | null, now = Date.now()): Promise<void> {
  const fields: string[] = [`cb:${kind}:done`, String(now)];
  if (error) fields.push(`cb:${kind}:error`, error.slice(0, 2000));
  await redis().syBatchCallbackDone(batchKeys(id).batch, callbackLeasesKey(), kind, ...fields);
}
