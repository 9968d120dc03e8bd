// Retell retries a delivery (no 2xx in 10 s) with the same body, so most duplicates
// never reach the job: the route's add hits the existing job id and BullMQ only
// notes a `duplicated` event in the queue's event stream. Counting them on the
// request path would cost every delivery a Redis round trip; instead a housekeeping
// task reads the stream and adds them to `WebhookEvent.duplicateCount`, so the
// Webhooks screen shows every delivery Retell repeated, not only the late ones.
import type { Redis } from "ioredis";
import type { PrismaClient } from "../db/client";
import { env } from "../env";
import { key } from "../redis/connection";

const QUEUE = "webhooks";
/** Entries read per XRANGE call; a run stops after `maxPages` of them and resumes next period. */
const PAGE = 1_000;

type StreamEntry = [id: string, fields: string[]];

/** Pure: webhook ids BullMQ refused as duplicates in these stream entries, with how often. */
export function duplicatesIn(entries: StreamEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, fields] of entries) {
    let event: string | undefined;
    let jobId: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === "event") event = fields[i + 1];
      else if (fields[i] === "jobId") jobId = fields[i + 1];
    }
    if (event === "duplicated" && jobId?.startsWith("retell-")) counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
  }
  return counts;
}

/**
 * Pure: true when the stream's oldest entry is newer than the cursor. BullMQ trims the
 * stream (MAXLEN ~10,000) from the old end, so the entry we last read is gone and
 * entries after it may have gone unread too: the count may be short. Stream ids are
 * not contiguous, so "may" is as precise as it gets.
 */
export function mayHaveMissed(cursor: string, oldestId: string | undefined): boolean {
  if (cursor === "0-0" || !oldestId) return false;
  const [cMs, cSeq] = cursor.split("-").map(Number);
  const [oMs, oSeq] = oldestId.split("-").map(Number);
  return oMs > cMs || (oMs === cMs && oSeq > cSeq);
}

export interface CollectResult {
  /** Duplicate deliveries found in the stream this run. */
  found: number;
  /** Added to WebhookEvent rows (this run's and earlier runs' pending ones). */
  applied: number;
  /** Still waiting for their WebhookEvent row (the job has not run yet). */
  pending: number;
  /** The stream was trimmed past our cursor: some duplicates may not have been counted. */
  missed: boolean;
}

function keys(prefix: string) {
  return {
    stream: `${prefix}:${QUEUE}:events`,
    cursor: key("webhooks", "route-duplicates", "cursor"),
    pending: key("webhooks", "route-duplicates", "pending"),
    lock: key("webhooks", "route-duplicates", "lock"),
  };
}

/** Reads the stream from the cursor and moves the counts into the pending hash, atomically with the cursor. */
async function drainStream(redis: Redis, k: ReturnType<typeof keys>, maxPages: number): Promise<{ found: number; missed: boolean }> {
  let cursor = (await redis.get(k.cursor)) ?? "0-0";
  const [oldest] = (await redis.xrange(k.stream, "-", "+", "COUNT", 1)) as StreamEntry[];
  const missed = mayHaveMissed(cursor, oldest?.[0]);
  let found = 0;
  for (let page = 0; page < maxPages; page++) {
    const entries = (await redis.xrange(k.stream, `(${cursor}`, "+", "COUNT", PAGE)) as StreamEntry[];
    if (entries.length === 0) break;
    const counts = duplicatesIn(entries);
    cursor = entries[entries.length - 1][0];
    const tx = redis.multi();
    for (const [id, n] of counts) tx.hincrby(k.pending, id, n);
    tx.set(k.cursor, cursor);
    // Pending counts whose event never gets a row (its job failed for good) must not pile up forever.
    tx.expire(k.pending, 7 * 24 * 3600);
    await tx.exec();
    for (const n of counts.values()) found += n;
    if (entries.length < PAGE) break;
  }
  return { found, missed };
}

/** Adds the pending counts to their WebhookEvent rows; a count whose row does not exist yet stays pending. */
async function applyPending(redis: Redis, db: PrismaClient, pendingKey: string, now: Date): Promise<{ applied: number; pending: number }> {
  const pending = await redis.hgetall(pendingKey);
  let applied = 0;
  let left = 0;
  for (const [eventId, value] of Object.entries(pending)) {
    const n = Number(value);
    // HINCRBY by -n (not HDEL) so a count added meanwhile by another run survives.
    const { count } = await db.webhookEvent.updateMany({ where: { eventId }, data: { duplicateCount: { increment: n }, lastDuplicateAt: now } });
    if (count === 0) {
      left++;
      continue;
    }
    const rest = await redis.hincrby(pendingKey, eventId, -n);
    if (rest <= 0) await redis.hdel(pendingKey, eventId);
    applied += n;
  }
  return { applied, pending: left };
}

/**
 * One housekeeping run, null when another host's run holds the lock (two runs from one
 * cursor would count twice). Per stream entry the cursor moves with the counts it produced.
 */
export async function collectRouteDuplicates(redis: Redis, db: PrismaClient, options: { now?: Date; maxPages?: number } = {}): Promise<CollectResult | null> {
  const k = keys(env().REDIS_PREFIX);
  const token = `${process.pid}-${Date.now()}-${Math.random()}`;
  if ((await redis.set(k.lock, token, "PX", 120_000, "NX")) !== "OK") return null;
  try {
    const { found, missed } = await drainStream(redis, k, options.maxPages ?? 50);
    const { applied, pending } = await applyPending(redis, db, k.pending, options.now ?? new Date());
    return { found, applied, pending, missed };
  } finally {
    if ((await redis.get(k.lock)) === token) await redis.del(k.lock);
  }
}
