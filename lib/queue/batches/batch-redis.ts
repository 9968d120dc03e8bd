// The Redis connection batches use (the runtime's own, non-blocking), with each
// batch script registered as a command (EVALSHA, loaded on first use).
import type { Redis } from "ioredis";
import { withCommands } from "../../redis/define-commands";
import { runtimeRedis } from "../queues";
import { addJobsLua } from "./scripts/add-jobs-2";
import { adoptJobLua } from "./scripts/adopt-job-3";
import { beginJobLua } from "./scripts/begin-job-2";
import { callbackDoneLua } from "./scripts/callback-done-2";
import { cancelBatchLua } from "./scripts/cancel-batch-4";
import { createBatchLua } from "./scripts/create-batch-1";
import { recordManyLua } from "./scripts/record-many-4";
import { reclaimCallbackLua } from "./scripts/reclaim-callback-2";
import { recordOutcomeLua } from "./scripts/record-outcome-4";
import { removeJobsLua } from "./scripts/remove-jobs-4";
import { renewCallbackLua } from "./scripts/renew-callback-2";
import { retryFailedLua } from "./scripts/retry-failed-3";

/** What record-outcome-4 returns: status, previous state, pending jobs, cancelled 0|1, due callbacks…. */
export type RecordReply = [string, string, number, number, ...string[]];

export type BatchRedis = Redis & {
  syBatchCreate(k1: string, ...args: string[]): Promise<number>;
  /** { keyed added, first n } or { keyed added, first n, new id, … } (see add-jobs-2); { -1 | -2 | -3 } refused. */
  syBatchAdd(k1: string, k2: string, queues: string, generatedPrefix: string, generated: string, ...keyedIds: string[]): Promise<[number, number, ...string[]]>;
  /** { removed, pending after, due callback, … } (see remove-jobs-4). */
  syBatchRemove(k1: string, k2: string, k3: string, k4: string, now: string, ttl: string, claimer: string, leaseMs: string, ...ids: string[]): Promise<[number, number, ...string[]]>;
  syBatchBegin(k1: string, k2: string, jobId: string): Promise<[string, number]>;
  syBatchRecord(k1: string, k2: string, k3: string, ...args: string[]): Promise<RecordReply>;
  /** { 1 cancelled now | 0 already, due callback, … } or { -1 | -3 } (see cancel-batch-4). */
  syBatchCancel(k1: string, k2: string, k3: string, k4: string, now: string, ttl: string, claimer: string, leaseMs: string): Promise<[number, ...string[]]>;
  syBatchCallbackRenew(k1: string, k2: string, kind: string, claimer: string, deadline: string): Promise<number>;
  syBatchCallbackReclaim(k1: string, k2: string, kind: string, claimer: string, now: string, deadline: string): Promise<number>;
  syBatchCallbackDone(k1: string, k2: string, kind: string, ...fields: string[]): Promise<number>;
  syBatchRetry(k1: string, k2: string, k3: string, ...ids: string[]): Promise<string[]>;
  syBatchAdopt(k1: string, k2: string, k3: string, oldId: string, newId: string): Promise<number>;
  /** { 0, pending after, cancelled } or { 1, n, record-job reply…, … } (see record-many-4). */
  syBatchRecordMany(k1: string, k2: string, k3: string, k4: string, now: string, ttl: string, leaseMs: string, ...jobIds: string[]): Promise<(number | string)[]>;
};

const BATCH_COMMANDS = {
  syBatchCreate: { numberOfKeys: 1, lua: createBatchLua },
  syBatchAdd: { numberOfKeys: 2, lua: addJobsLua },
  syBatchRemove: { numberOfKeys: 4, lua: removeJobsLua },
  syBatchBegin: { numberOfKeys: 2, lua: beginJobLua },
  syBatchRecord: { numberOfKeys: 4, lua: recordOutcomeLua },
  syBatchCancel: { numberOfKeys: 4, lua: cancelBatchLua },
  syBatchCallbackRenew: { numberOfKeys: 2, lua: renewCallbackLua },
  syBatchCallbackReclaim: { numberOfKeys: 2, lua: reclaimCallbackLua },
  syBatchCallbackDone: { numberOfKeys: 2, lua: callbackDoneLua },
  syBatchRetry: { numberOfKeys: 3, lua: retryFailedLua },
  syBatchAdopt: { numberOfKeys: 3, lua: adoptJobLua },
  syBatchRecordMany: { numberOfKeys: 4, lua: recordManyLua },
};

export function batchRedis(): BatchRedis {
  return withCommands<BatchRedis>(runtimeRedis(), BATCH_COMMANDS);
}

