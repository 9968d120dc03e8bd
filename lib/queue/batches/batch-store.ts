// The batch's live state in Redis. Every change of a counter is one Lua script
// (scripts/*-N.ts, N = key count), so workers never read-modify-write a counter.
import type { Redis } from "ioredis";
import { runtimeRedis } from "../queues";
import { batchKeys } from "./batch-keys";
import { BatchConflict, BatchNotFound } from "./errors";
import { recordFromHash, type BatchRecord } from "./progress";
import { addJobsLua, removeJobsLua } from "./scripts/add-jobs-2";
import { adoptJobLua } from "./scripts/adopt-job-3";
import { beginJobLua } from "./scripts/begin-job-2";
import { cancelBatchLua } from "./scripts/cancel-batch-1";
import { createBatchLua } from "./scripts/create-batch-1";
import { recordManyLua } from "./scripts/record-many-3";
import { recordOutcomeLua } from "./scripts/record-outcome-3";
import { retryFailedLua } from "./scripts/retry-failed-3";

export type JobOutcome = "ok" | "f" | "c";
export type CallbackKind = "then" | "catch" | "finally";
export const CALLBACK_KINDS: readonly CallbackKind[] = ["catch", "then", "finally"];

/** How long a finished batch's keys stay in Redis; PostgreSQL keeps the history. */
export const FINISHED_TTL_SECONDS = 7 * 24 * 3600;
/** Job ids per script call: keeps each Lua call short so Redis never stalls on a huge add. */
const CHUNK = 1000;

type BatchRedis = Redis & {
  syBatchCreate(k1: string, ...args: string[]): Promise<number>;
  syBatchAdd(k1: string, k2: string, queues: string, ...ids: string[]): Promise<number>;
  syBatchRemove(k1: string, k2: string, ...ids: string[]): Promise<number>;
  syBatchBegin(k1: string, k2: string, jobId: string): Promise<[string, number]>;
  syBatchRecord(k1: string, k2: string, k3: string, ...args: string[]): Promise<RecordReply>;
  syBatchCancel(k1: string, now: string): Promise<number>;
  syBatchRetry(k1: string, k2: string, k3: string, ...ids: string[]): Promise<string[]>;
  syBatchAdopt(k1: string, k2: string, k3: string, oldId: string, newId: string): Promise<number>;
  syBatchRecordMany(k1: string, k2: string, k3: string, ...jobIds: string[]): Promise<[number, number]>;
};

const prepared = new WeakSet<Redis>();

function redis(): BatchRedis {
  const r = runtimeRedis();
  if (!prepared.has(r)) {
    r.defineCommand("syBatchCreate", { numberOfKeys: 1, lua: createBatchLua });
    r.defineCommand("syBatchAdd", { numberOfKeys: 2, lua: addJobsLua });
    r.defineCommand("syBatchRemove", { numberOfKeys: 2, lua: removeJobsLua });
    r.defineCommand("syBatchBegin", { numberOfKeys: 2, lua: beginJobLua });
    r.defineCommand("syBatchRecord", { numberOfKeys: 3, lua: recordOutcomeLua });
    r.defineCommand("syBatchCancel", { numberOfKeys: 1, lua: cancelBatchLua });
    r.defineCommand("syBatchRetry", { numberOfKeys: 3, lua: retryFailedLua });
    r.defineCommand("syBatchAdopt", { numberOfKeys: 3, lua: adoptJobLua });
    r.defineCommand("syBatchRecordMany", { numberOfKeys: 3, lua: recordManyLua });
    prepared.add(r);
  }
  return r as BatchRedis;
}

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
    "allowFailures", b.allowFailures ? "1" : "0", "createdAt", String(b.createdAt),
  ];
  for (const kind of CALLBACK_KINDS) if (b.callbacks[kind]) fields.push(kind, b.callbacks[kind]!);
  return (await redis().syBatchCreate(batchKeys(b.id).batch, ...fields)) === 1;
}

/** Registers job ids as pending; returns how many were new. */
export async function addJobIds(id: string, jobIds: string[], queues: string[]): Promise<number> {
  const k = batchKeys(id);
  let added = 0;
  for (let i = 0; i < jobIds.length; i += CHUNK) {
    const n = await redis().syBatchAdd(k.batch, k.jobs, queues.join(","), ...jobIds.slice(i, i + CHUNK));
    if (n === -1) throw new BatchNotFound(id);
    if (n === -2) throw new BatchConflict(`Batch "${id}" was cancelled; it takes no new jobs`);
    if (n === -3) throw new BatchConflict(`Batch "${id}" has finished; it takes no new jobs`);
    added += n;
  }
  return added;
}

/** Takes back pending job ids whose enqueue failed. */
export async function removeJobIds(id: string, jobIds: string[]): Promise<number> {
  const k = batchKeys(id);
  let removed = 0;
  for (let i = 0; i < jobIds.length; i += CHUNK) removed += await redis().syBatchRemove(k.batch, k.jobs, ...jobIds.slice(i, i + CHUNK));
  return removed;
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

type RecordReply = [string, string, number, number, ...string[]];
interface PendingRecord {
  args: string[];
  resolve: (reply: RecordReply) => void;
  reject: (error: unknown) => void;
}

// The hot path: every batch job ends with one record script. Records issued in the
// same turn of the event loop (a busy worker finishes many jobs at once) travel in
// one pipeline — one write and one read for all of them instead of one each.
let pendingRecords: PendingRecord[] = [];

function recordBatched(args: string[]): Promise<RecordReply> {
  return new Promise((resolve, reject) => {
    pendingRecords.push({ args, resolve, reject });
    if (pendingRecords.length === 1) setImmediate(flushRecords);
  });
}

async function flushRecords(): Promise<void> {
  const items = pendingRecords;
  pendingRecords = [];
  // Successes of the same batch go in one script call when they can (record-many-3).
  const singles: PendingRecord[] = [];
  const groups = new Map<string, PendingRecord[]>();
  for (const item of items) {
    if (item.args[4] !== "ok") singles.push(item);
    else {
      const group = groups.get(item.args[0]);
      if (group) group.push(item);
      else groups.set(item.args[0], [item]);
    }
  }
  const distinct = (group: PendingRecord[]) => new Set(group.map((g) => g.args[3])).size === group.length;
  await Promise.all([
    ...[...groups.values()].map((group) => (group.length > 1 && distinct(group) ? recordMany(group) : sendSingles(group))),
    singles.length ? sendSingles(singles) : undefined,
  ]);
}

async function recordMany(group: PendingRecord[]): Promise<void> {
  const [k1, k2, k3] = group[0].args;
  let reply: [number, number];
  try {
    reply = await redis().syBatchRecordMany(k1, k2, k3, ...group.map((g) => g.args[3]));
  } catch (error) {
    for (const item of group) item.reject(error);
    return;
  }
  if (reply[0] < 0) return sendSingles(group);
  for (const item of group) item.resolve(["recorded", "p", reply[0], reply[1]]);
}

async function sendSingles(items: PendingRecord[]): Promise<void> {
  if (items.length === 1) {
    const [a0, a1, a2, ...rest] = items[0].args;
    return redis().syBatchRecord(a0, a1, a2, ...rest).then(items[0].resolve, items[0].reject);
  }
  const pipe = redis().pipeline() as unknown as { syBatchRecord(...args: string[]): void; exec(): Promise<[Error | null, unknown][] | null> };
  for (const item of items) pipe.syBatchRecord(...item.args);
  try {
    const replies = (await pipe.exec()) ?? [];
    items.forEach((item, i) => {
      const [error, reply] = replies[i] ?? [new Error("no reply from Redis"), null];
      if (error) item.reject(error);
      else item.resolve(reply as RecordReply);
    });
  } catch (error) {
    for (const item of items) item.reject(error);
  }
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

export async function recordOutcome(id: string, jobId: string, outcome: JobOutcome, errorMessage = "", now = Date.now()): Promise<RecordResult> {
  const k = batchKeys(id);
  const [status, previous, pending, cancelled, ...due] = await recordBatched([
    k.batch, k.jobs, k.failed, jobId, outcome, String(now), errorMessage.slice(0, 2000), String(FINISHED_TTL_SECONDS),
  ]);
  return { status: status as RecordResult["status"], previous, pending: Number(pending), cancelled: Number(cancelled) === 1, due: due as CallbackKind[] };
}

/** 1 cancelled now, 0 already cancelled; throws when missing or finished. */
export async function cancelBatchState(id: string, now = Date.now()): Promise<boolean> {
  const r = await redis().syBatchCancel(batchKeys(id).batch, String(now));
  if (r === -1) throw new BatchNotFound(id);
  if (r === -3) throw new BatchConflict(`Batch "${id}" has already finished`);
  return r === 1;
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
  return { record, queues, version: Number(hash.version ?? 0), callbacks, firstError, claims };
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

export async function markCallbackDone(id: string, kind: CallbackKind, error: string | null, now = Date.now()): Promise<void> {
  const fields: string[] = [`cb:${kind}:done`, String(now)];
  if (error) fields.push(`cb:${kind}:error`, error.slice(0, 2000));
  // HSET on a key that expired meanwhile would recreate a stub hash; only touch an existing batch.
  const k = batchKeys(id).batch;
  await redis().eval("if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], unpack(ARGV)) end return 1", 1, k, ...fields);
}

/** Tests and the console's "delete" (none yet): drops the live keys. */
export async function deleteBatchState(id: string): Promise<void> {
  const k = batchKeys(id);
  await redis().unlink(k.batch, k.jobs, k.failed);
}
