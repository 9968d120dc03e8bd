// Trims the tag indexes to their windows (lib/metrics/trim-windows.ts), a chunk
// of tags or jobs per round trip: recent index (trim.recent), failed index
// (trim.recent_failed), monitored lists and their job copies (trim.monitored).
//
// Only tags seen within a window can hold entries both inside and past it, so
// only those are range-trimmed each pass; a tag last seen before its window is
// past it entirely: its list is deleted once and the tag forgotten. The work
// per pass follows the tags in use, not every tag ever seen.
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Redis } from "ioredis";
import { tagKeys } from "./tag-keys";

export interface TagTrimResult {
  /** Index entries removed from recent / failed lists. */
  recent: number;
  recentFailed: number;
  /** Monitored job entries (and their copies) removed. */
  monitored: number;
}

interface Cutoffs {
  recent: number;
  recentFailed: number;
  monitored: number;
}

/** Trims one kind of per-tag list (`list(tag)`) whose tags are indexed in `known`. Returns entries removed. */
async function trimLists(redis: Redis, known: string, list: (tag: string) => string, cutoff: number, chunk: number): Promise<number> {
  let removed = 0;
  // Tags past the window entirely: count their entries, delete the lists, forget the tags.
  for (;;) {
    const stale = await redis.zrangebyscore(known, "-inf", cutoff, "LIMIT", 0, chunk);
    if (!stale.length) break;
    const pipe = redis.pipeline();
    for (const tag of stale) pipe.zcard(list(tag));
    pipe.del(...stale.map(list)).zrem(known, ...stale);
    const results = (await pipe.exec()) ?? [];
    removed += results.slice(0, stale.length).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    await yieldToLoop();
  }
  // Tags still in use: drop only their entries past the window.
  let offset = 0;
  for (;;) {
    const active = await redis.zrangebyscore(known, `(${cutoff}`, "+inf", "LIMIT", offset, chunk);
    if (!active.length) break;
    const pipe = redis.pipeline();
    for (const tag of active) pipe.zremrangebyscore(list(tag), "-inf", cutoff);
    const results = (await pipe.exec()) ?? [];
    removed += results.reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    offset += active.length;
    if (active.length < chunk) break;
    await yieldToLoop();
  }
  return removed;
}

async function trimMonitored(redis: Redis, cutoff: number, chunk: number): Promise<number> {
  let removed = 0;
  for (const tag of await redis.smembers(tagKeys.monitored())) {
    const list = tagKeys.monitoredJobs(tag);
    for (;;) {
      const members = await redis.zrangebyscore(list, "-inf", cutoff, "LIMIT", 0, chunk);
      if (!members.length) break;
      // A copy shared with another monitored tag has the same finish time, so it is past that tag's window too.
      await redis.pipeline().del(...members.map(tagKeys.jobCopy)).zrem(list, ...members).exec();
      removed += members.length;
      if (members.length < chunk) break;
      await yieldToLoop();
    }
  }
  return removed;
}

export async function trimTagIndexes(redis: Redis, cutoffs: Cutoffs, chunk: number): Promise<TagTrimResult> {
  const recent = await trimLists(redis, tagKeys.known(), tagKeys.recent, cutoffs.recent, chunk);
  const recentFailed = await trimLists(redis, tagKeys.knownFailed(), tagKeys.failed, cutoffs.recentFailed, chunk);
  const monitored = await trimMonitored(redis, cutoffs.monitored, chunk);
  return { recent, recentFailed, monitored };
}
