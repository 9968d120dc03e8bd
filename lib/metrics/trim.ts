// Trimming exactly per config (issue 6 §6), in small chunks so Redis never
// blocks for long: each step removes at most `chunk` entries per command and
// yields to the event loop between chunks. Safe on several hosts at once
// (every step is "remove what is past its cutoff", idempotent).
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Redis } from "ioredis";
import { config } from "../config";
import { prisma, type PrismaClient } from "../db/client";
import { env } from "../env";
import { getQueue } from "../queue/queues";
import { trimTagIndexes, type TagTrimResult } from "../tags/trim-tags";
import { knownQueues } from "./queue-counts";
import { metricsRedis } from "./redis";
import { trimCutoffs, type TrimCutoffs } from "./trim-windows";

export const DEFAULT_CHUNK = 500;

export interface TrimOptions {
  now?: number;
  chunk?: number;
  redis?: Redis;
  /** Queues to trim. @defaultValue knownQueues() */
  queues?: string[];
  /** Skip the PostgreSQL archive (tests of the Redis part, hosts without a database). */
  skipArchive?: boolean;
  db?: Pick<PrismaClient, "failedJob">;
}

export interface TrimResult extends TagTrimResult {
  completed: number;
  failed: number;
  archive: number;
  cutoffs: TrimCutoffs;
}

/** Removes finished BullMQ jobs of one state at or before `cutoff`, `chunk` per Lua call. */
async function cleanState(redis: Redis, queue: string, state: "completed" | "failed", cutoff: number, chunk: number): Promise<number> {
  const q = getQueue(queue);
  // Peek first: Queue.clean always appends a "cleaned" event to the queue's stream,
  // which would grow the stream of an idle queue by one entry a minute for nothing.
  const oldest = await redis.zrangebyscore(q.keys[state], 0, cutoff, "LIMIT", 0, 1);
  if (!oldest.length) return 0;
  let removed = 0;
  for (;;) {
    // The backend call Queue.clean() wraps, with an absolute cutoff instead of a grace
    // counted from clean()'s own Date.now(): "past its window" is exact, and `now` injectable.
    // It removes jobs with finishedOn ≤ cutoff (BullMQ's cleanJobsInSet Lua), `chunk` at most.
    const ids = await q.backend.cleanJobsByState(state, cutoff, chunk);
    removed += ids.length;
    if (ids.length < chunk) return removed;
    await yieldToLoop();
  }
}

/** Deletes archived failures of this deployment (REDIS_PREFIX) older than the retention, `chunk` rows at a time. */
export async function trimFailedArchive(cutoff: number, chunk: number, db: Pick<PrismaClient, "failedJob"> = prisma()): Promise<number> {
  const prefix = env().REDIS_PREFIX;
  let removed = 0;
  for (;;) {
    const rows = await db.failedJob.findMany({
      where: { prefix, failedAt: { lte: new Date(cutoff) } },
      select: { uuid: true },
      take: chunk,
    });
    if (!rows.length) return removed;
    const { count } = await db.failedJob.deleteMany({ where: { uuid: { in: rows.map((r) => r.uuid) } } });
    removed += count;
    if (rows.length < chunk) return removed;
    await yieldToLoop();
  }
}

/** One trim pass over every window. */
export async function trimAll(options: TrimOptions = {}): Promise<TrimResult> {
  const now = options.now ?? Date.now();
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  const redis = options.redis ?? metricsRedis();
  const cfg = config();
  const cutoffs = trimCutoffs(now, cfg.horizon.trim, cfg.queue.failed.retentionDays);
  const queues = options.queues ?? (await knownQueues(redis, now));
  let completed = 0;
  let failed = 0;
  for (const queue of queues) {
    completed += await cleanState(redis, queue, "completed", cutoffs.completed, chunk);
    failed += await cleanState(redis, queue, "failed", cutoffs.failed, chunk);
  }
  const tags = await trimTagIndexes(redis, cutoffs, chunk);
  const archive = options.skipArchive ? 0 : await trimFailedArchive(cutoffs.archive, chunk, options.db);
  return { completed, failed, archive, ...tags, cutoffs };
}
