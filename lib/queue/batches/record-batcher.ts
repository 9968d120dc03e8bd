// The hot path's batching: every batch job ends with one record script. Records
// issued in the same turn of the event loop (a busy worker finishes many jobs at
// once) go together — successes of one batch as one record-many-4 call, the rest
// in one pipeline — instead of one round trip each.
//
// "On the wire": a caller may pass `onSent`, called as soon as the one command that
// records its outcome has been written to the socket's kernel buffer — before Redis
// answers. From then on the outcome is recorded even if this process dies (the kernel
// still delivers the bytes; the command needs no second step: record-many-4 never asks
// for one, and the scripts are known to be loaded on this connection, so the EVALSHA
// cannot come back NOSCRIPT). When that cannot be promised — not connected, bytes left
// in the process's own write buffer, scripts not yet confirmed since the connection
// opened, several commands in one pipeline — onSent is simply not called and the caller
// waits for the reply as before.
import { batchRedis as redis, type RecordReply } from "./batch-redis";

// args as record-outcome-4 takes them: 4 keys (batch, jobs, failed, leases), then jobId, outcome, now, error, ttl, lease ms.
const JOB_ID = 4;
const OUTCOME = 5;

interface PendingRecord {
  args: string[];
  resolve: (reply: RecordReply) => void;
  reject: (error: unknown) => void;
  onSent?: () => void;
}

let pendingRecords: PendingRecord[] = [];

export function recordBatched(args: string[], onSent?: () => void): Promise<RecordReply> {
  return new Promise((resolve, reject) => {
    pendingRecords.push({ args, resolve, reject, onSent });
    if (pendingRecords.length === 1) setImmediate(flushRecords);
  });
}

interface Connection {
  status: string;
  stream?: { writableLength?: number };
  once(event: "close", listener: () => void): void;
}

/** The connection a record script last answered on, since it (re)connected: the scripts are loaded there. */
let confirmedOn: Connection | null = null;

function confirm(): void {
  const connection = redis() as unknown as Connection;
  if (confirmedOn === connection) return;
  confirmedOn = connection;
  // A reconnect may reach a Redis that lost its scripts (restarted): confirm again after it.
  connection.once("close", () => {
    if (confirmedOn === connection) confirmedOn = null;
  });
}

/** Whether a command just issued is in the kernel's socket buffer and needs nothing more from this process. */
function onWire(): boolean {
  const connection = redis() as unknown as Connection;
  return confirmedOn === connection && connection.status === "ready" && connection.stream?.writableLength === 0;
}

function signalSent(items: PendingRecord[]): void {
  if (!items.some((i) => i.onSent) || !onWire()) return;
  for (const item of items) item.onSent?.();
}

async function flushRecords(): Promise<void> {
  const items = pendingRecords;
  pendingRecords = [];
  // Successes of the same batch go in one script call (record-many-4).
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
  const [k1, k2, k3, k4, , , now, , ttl, leaseMs] = group[0].args;
  const call = redis().syBatchRecordMany(k1, k2, k3, k4, now, ttl, leaseMs, ...group.map((g) => g.args[JOB_ID]));
  signalSent(group);
  let reply: (number | string)[];
  try {
    reply = await call;
  } catch (error) {
    for (const item of group) item.reject(error);
    return;
  }
  confirm();
  if (reply[0] === 0) {
    for (const item of group) item.resolve(["recorded", "p", Number(reply[1]), Number(reply[2])]);
    return;
  }
  // { 1, n, job 1's reply…, n, job 2's reply…, … } in the order sent.
  let at = 1;
  for (const item of group) {
    const n = Number(reply[at]);
    item.resolve(reply.slice(at + 1, at + 1 + n) as unknown as RecordReply);
    at += 1 + n;
  }
}

async function sendSingles(items: PendingRecord[]): Promise<void> {
  if (items.length === 1) {
    const [a0, a1, a2, ...rest] = items[0].args;
    const call = redis().syBatchRecord(a0, a1, a2, ...rest);
    signalSent(items);
    return call.then((reply) => {
      confirm();
      items[0].resolve(reply);
    }, items[0].reject);
  }
  // A pipeline of scripts may first check that they are loaded: no early signal here (failures, cancels: the rare path).
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
