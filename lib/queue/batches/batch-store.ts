// The batch's live state in Redis. Every change of a counter is one Lua script
// (scripts/*-N.ts, N = key count), so workers never read-modify-write a counter.
import { randomUUID } from "node:crypto";
import { generatedIdPrefix, generatedJobId, KEY_SEPARATOR, LEGACY_KEY_SEPARATOR } from "./batch-ids";
import { batchKeys, callbackLeasesKey } from "./batch-keys";
import { batchRedis as redis } from "./batch-redis";
import { callbackLeaseMs } from "./callback-leases";
import { recordBatched } from "./record-batcher";
import { BatchConflict, BatchNotFound } from "./errors";
import { recordFromHash, type BatchRecord } from "./progress";

export type JobOutcome = "ok" | "f" | "c";
export type CallbackKind = "then" | "catch" | "finally";
export const CALLBACK_KINDS: readonly CallbackKind[] = ["catch", "then", "finally"];

/** How long a finished batch's keys stay in Redis; PostgreSQL keeps the history. */
export const FINISHED_TTL_SECONDS = 7 * 24 * 3600;
/** Job ids per script call: keeps each Lua call short so Redis never stalls on a huge add. */
export const REGISTER_CHUNK = 1000;

export interface NewBatch {
  id: string;
  name: string;
  queue: string;
  connection: string;
  allowFailures: boolean;
  createdAt: number;
  /** Callback specs as stored (JSON of { name, args }). */
  callbacks: Partial<Record<CallbackKind, string>>;
}

/** Returns false when a batch with this id already exists (nothing changed). */
export async function createBatchState(b: NewBatch): Promise<boolean> {
  const fields: string[] = [
    "name", b.name, "queue", b.queue, "connection", b.connection,
    "allowFailures", b.allowFailures ? "1" : "0", "createdAt", String(b.createdAt), "ks", KEY_SEPARATOR,
  ];
  for (const kind of CALLBACK_KINDS) if (b.callbacks[kind]) fields.push(kind, b.callbacks[kind]!);
  return (await redis().syBatchCreate(batchKeys(b.id).batch, ...fields)) === 1;
}

/** One registration call's jobs: the ids of those with a key, and how many come without one. */
export interface RegisterChunk {
  keyed: string[];
  generated: number;
}

export interface AddedJobIds {
  /** The ids this call registered (new to the batch): the only ones it may take back (removeJobIds) if its add cannot complete. */
  fresh: string[];
  /** The ids of the chunk's jobs without a key, in order: `<batchId>_<n>` from the range it got ([] when refused). */
  generated: string[];
  /** Why a chunk was not registered (BatchConflict: cancelled or finished meanwhile, BatchNotFound, a Redis error); null when all were. */
  refused: unknown;
}

/**
 * Registers jobs as pending, one script call per chunk (≤ 1,000 jobs): each keyed id, and
 * the jobs without a key as one range of the batch's numbers (add-jobs-2). The calls go
 * out at once (one round trip), and each chunk's answer comes back on its own: its fresh
 * ids, or why it was refused. Another client's cancel can land between two chunks: then
 * the earlier chunks are registered and the later ones refused — the caller must take back
 * what it registered and will not push (the batch would otherwise wait forever for ids
 * never pushed).
 */
export function registerJobIdChunks(id: string, chunks: RegisterChunk[], queues: string[]): Promise<AddedJobIds>[] {
  const k = batchKeys(id);
  return chunks.map((chunk) =>
    redis().syBatchAdd(k.batch, k.jobs, queues.join(","), generatedIdPrefix(id), String(chunk.generated), ...chunk.keyed).then(
      ([added, first, ...someIds]): AddedJobIds => {
        if (added === -1) return { fresh: [], generated: [], refused: new BatchNotFound(id) };
        if (added === -2) return { fresh: [], generated: [], refused: new BatchConflict(`Batch "${id}" was cancelled; it takes no new jobs`) };
        if (added === -3) return { fresh: [], generated: [], refused: new BatchConflict(`Batch "${id}" has finished; it takes no new jobs`) };
        const keyed = added === chunk.keyed.length ? chunk.keyed : added > 0 ? (someIds as string[]) : [];
        const generated = Array.from({ length: chunk.generated }, (_, i) => generatedJobId(id, Number(first) + i));
        return { fresh: [...keyed, ...generated], generated, refused: null };
      },
      (error: unknown): AddedJobIds => ({ fresh: [], generated: [], refused: error }),
    ),
  );
}

/**
 * An add's jobs cut into registration chunks of REGISTER_CHUNK (as its pushes are cut): `jobIds[i]`
 * is job i's id, or "" for a job without a key (its id comes from the registration).
 */
export function registrationChunks(jobIds: string[]): RegisterChunk[] {
  const chunks: RegisterChunk[] = [];
  for (let from = 0; from < jobIds.length; from += REGISTER_CHUNK) {
    const chunk: RegisterChunk = { keyed: [], generated: 0 };
    for (const jobId of jobIds.slice(from, from + REGISTER_CHUNK)) {
      if (jobId) chunk.keyed.push(jobId);
      else chunk.generated++;
    }
    chunks.push(chunk);
  }
  return chunks;
}

/** registerJobIdChunks for keyed ids, all chunks together: every fresh id, and the first chunk's refusal if any. */
export async function addJobIds(id: string, jobIds: string[], queues: string[]): Promise<AddedJobIds> {
  const results = await Promise.all(registerJobIdChunks(id, registrationChunks(jobIds), queues));
  return { fresh: results.flatMap((r) => r.fresh), generated: [], refused: results.find((r) => r.refused)?.refused ?? null };
}

export interface TakeBackResult {
  removed: number;
  /** Pending jobs after (0 = the take-back finished the batch, if it still has jobs; -1 = batch missing). */
  pending: number;
  /** then/finally this take-back claimed by finishing the batch: the caller runs them (runDueCallbacks). */
  due: CallbackKind[];
  /** Who claimed `due` (their leases are renewed under this name). */
  claimer: string;
}

/**
 * Takes back pending job ids that were never pushed (remove-jobs-4): a failed push, or
 * an add cut short by a cancel. Finishes the batch when that leaves nothing pending,
 * like the last job's record does; the callbacks it claims are returned, not run.
 */
export async function removeJobIds(id: string, jobIds: string[], now = Date.now()): Promise<TakeBackResult> {
  const k = batchKeys(id);
  const claimer = `take-back:${randomUUID()}`;
  const result: TakeBackResult = { removed: 0, pending: -1, due: [], claimer };
  for (let i = 0; i < jobIds.length; i += REGISTER_CHUNK) {
    const [removed, pending, ...due] = await redis().syBatchRemove(
      k.batch, k.jobs, k.failed, callbackLeasesKey(), String(now), String(FINISHED_TTL_SECONDS), claimer, String(callbackLeaseMs()),
      ...jobIds.slice(i, i + REGISTER_CHUNK),
    );
    result.removed += Number(removed);
    result.pending = Number(pending);
    for (const kind of due as CallbackKind[]) if (!result.due.includes(kind)) result.due.push(kind);
  }
  return result;
}

export interface JobBeginState {
  /** p | ok | f | c, or "" when the batch does not know the job. */
  state: string;
  cancelled: boolean;
}

/** One round trip before a batch job runs; null when the batch is gone (trimmed or never existed). */
export async function beginJob(id: string, jobId: string): Promise<JobBeginState | null> {
  const k = batchKeys(id);
  const [state, cancelled] = await redis().syBatchBegin(k.batch, k.jobs, jobId);
  if (state === "!missing") return null;
  return { state, cancelled: cancelled === 1 };
}

export interface RecordResult {
  status: "recorded" | "already" | "unknown" | "missing";
  previous: string;
  /** Pending jobs after this call (0 = the batch has finished). */
  pending: number;
  cancelled: boolean;
  /** Callbacks this job claimed and has not run yet. */
  due: CallbackKind[];
}

/** `onSent`: called once the outcome is on the wire, before Redis answers, when that is safe (see record-batcher.ts). */
export async function recordOutcome(
  id: string, jobId: string, outcome: JobOutcome, errorMessage = "", now = Date.now(), onSent?: () => void,
): Promise<RecordResult> {
  const k = batchKeys(id);
  const [status, previous, pending, cancelled, ...due] = await recordBatched([
    k.batch, k.jobs, k.failed, callbackLeasesKey(), jobId, outcome, String(now), errorMessage.slice(0, 2000), String(FINISHED_TTL_SECONDS),
    String(callbackLeaseMs()),
  ], onSent);
  return { status: status as RecordResult["status"], previous, pending: Number(pending), cancelled: Number(cancelled) === 1, due: due as CallbackKind[] };
}

export interface CancelResult {
  /** false when it already was cancelled. */
  changed: boolean;
  /** finally, when the cancel finished the batch (nothing pending): the caller runs it (runDueCallbacks). */
  due: CallbackKind[];
  claimer: string;
}

/** Throws when missing or finished (without having been cancelled). */
export async function cancelBatchState(id: string, now = Date.now()): Promise<CancelResult> {
  const k = batchKeys(id);
  const claimer = `cancel:${randomUUID()}`;
  const [r, ...due] = await redis().syBatchCancel(
    k.batch, k.jobs, k.failed, callbackLeasesKey(), String(now), String(FINISHED_TTL_SECONDS), claimer, String(callbackLeaseMs()),
  );
  if (r === -1) throw new BatchNotFound(id);
  if (r === -3) throw new BatchConflict(`Batch "${id}" has already finished`);
  return { changed: r === 1, due: due as CallbackKind[], claimer };
}

/** Moves failed jobs (all, or the given ones) back to pending; returns the moved ids. */
export async function moveFailedToPending(id: string, jobIds: string[] = []): Promise<string[]> {
  const k = batchKeys(id);
  const moved = await redis().syBatchRetry(k.batch, k.jobs, k.failed, ...jobIds);
  if (moved[0] === "!missing") throw new BatchNotFound(id);
  if (moved[0] === "!cancelled") throw new BatchConflict(`Batch "${id}" was cancelled; its jobs would skip their work`);
  return moved;
}

/** The failed job `oldId` re-runs as `newId` (retried from the archive): count the new id instead. */
export async function adoptRetriedJob(id: string, oldId: string, newId: string): Promise<boolean> {
  const k = batchKeys(id);
  return (await redis().syBatchAdopt(k.batch, k.jobs, k.failed, oldId, newId)) === 1;
}

export interface StoredBatch {
  record: BatchRecord;
  /** Queues the batch's jobs were pushed to. */
  queues: string[];
  version: number;
  callbacks: Partial<Record<CallbackKind, string>>;
  firstError: { jobId: string; message: string; at: number } | null;
  claims: Partial<Record<CallbackKind, { jobId: string; doneAt: number | null; error: string | null }>>;
  /** What joins the batch id and a key in its keyed job ids (batch-ids.ts). */
  keySeparator: string;
}

function parseStored(id: string, hash: Record<string, string>): StoredBatch | null {
  const record = recordFromHash(id, hash);
  if (!record) return null;
  const callbacks: StoredBatch["callbacks"] = {};
  const claims: StoredBatch["claims"] = {};
  for (const kind of CALLBACK_KINDS) {
    if (hash[kind]) callbacks[kind] = hash[kind];
    const claimedBy = hash[`cb:${kind}`];
    if (claimedBy) {
      const done = hash[`cb:${kind}:done`];
      claims[kind] = { jobId: claimedBy, doneAt: done ? Number(done) : null, error: hash[`cb:${kind}:error`] ?? null };
    }
  }
  let firstError: StoredBatch["firstError"] = null;
  try {
    firstError = hash.firstError ? JSON.parse(hash.firstError) : null;
  } catch {
    firstError = null;
  }
  const queues = Object.keys(hash).filter((f) => f.startsWith("q:")).map((f) => f.slice(2)).sort();
  return { record, queues, version: Number(hash.version ?? 0), callbacks, firstError, claims, keySeparator: hash.ks ?? LEGACY_KEY_SEPARATOR };
}

/** One HGETALL: counters, timestamps, callbacks. Cost does not depend on the number of jobs. */
export async function readBatchState(id: string): Promise<StoredBatch | null> {
  return parseStored(id, await redis().hgetall(batchKeys(id).batch));
}

/** Many batches in one pipeline (the console's list page). */
export async function readBatchStates(ids: string[]): Promise<Map<string, StoredBatch>> {
  const out = new Map<string, StoredBatch>();
  if (!ids.length) return out;
  const pipe = redis().pipeline();
  for (const id of ids) pipe.hgetall(batchKeys(id).batch);
  const results = (await pipe.exec()) ?? [];
  results.forEach(([error, hash], i) => {
    const parsed = error ? null : parseStored(ids[i], hash as Record<string, string>);
    if (parsed) out.set(ids[i], parsed);
  });
  return out;
}

/** Failed job ids, oldest first (proportional to the failures, not to the batch). */
export async function readFailedJobIds(id: string, limit = 10_000): Promise<string[]> {
  return redis().zrange(batchKeys(id).failed, 0, limit - 1);
}

/** Tests and the console's "delete" (none yet): drops the live keys. */
export async function deleteBatchState(id: string): Promise<void> {
  const k = batchKeys(id);
  await redis().unlink(k.batch, k.jobs, k.failed);
}
