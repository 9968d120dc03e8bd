// The hot path's batching: every batch job ends with one record script. Records
// issued in the same turn of the event loop (a busy worker finishes many jobs at
// once) go together — successes of one batch as one record-many-3 call, the rest
// in one pipeline — instead of one round trip each.
import { batchRedis as redis, type RecordReply } from "./batch-redis";

// args as record-outcome-4 takes them: 4 keys (batch, jobs, failed, leases), then jobId, outcome, ….
const JOB_ID = 4;
const OUTCOME = 5;

interface PendingRecord {
  args: string[];
  resolve: (reply: RecordReply) => void;
  reject: (error: unknown) => void;
}

let pendingRecords: PendingRecord[] = [];

export function recordBatched(args: string[]): Promise<RecordReply> {
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
    if (item.args[OUTCOME] !== "ok") singles.push(item);
    else {
      const group = groups.get(item.args[0]);
      if (group) group.push(item);
      else groups.set(item.args[0], [item]);
    }
  }
  const distinct = (group: PendingRecord[]) => new Set(group.map((g) => g.args[JOB_ID])).size === group.length;
  await Promise.all([
    ...[...groups.values()].map((group) => (group.length > 1 && distinct(group) ? recordMany(group) : sendSingles(group))),
    singles.length ? sendSingles(singles) : undefined,
  ]);
}

async function recordMany(group: PendingRecord[]): Promise<void> {
  const [k1, k2, k3] = group[0].args;
  let reply: [number, number];
  try {
    reply = await redis().syBatchRecordMany(k1, k2, k3, ...group.map((g) => g.args[JOB_ID]));
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
