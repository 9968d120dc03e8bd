// Trims the tag indexes to their windows (lib/metrics/trim-windows.ts), a chunk
// of tags or jobs per round trip: recent index (trim.recent), failed index
// (trim.recent_failed), monitored lists and their job copies (trim.monitored).
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

async function trimKnownTags(redis: Redis, cutoffs: Cutoffs, chunk: number): Promise<{ recent: number; recentFailed: number }> {
  let recent = 0;
  let recentFailed = 0;
  let cursor = "0";
  do {
    const [next, flat] = await redis.zscan(tagKeys.known(), cursor, "COUNT", chunk);
    cursor = next;
    const tags = flat.filter((_, i) => i % 2 === 0);
    if (tags.length) {
      const pipe = redis.pipeline();
      for (const tag of tags) {
        pipe.zremrangebyscore(tagKeys.recent(tag), "-inf", cutoffs.recent);
        pipe.zremrangebyscore(tagKeys.failed(tag), "-inf", cutoffs.recentFailed);
      }
      const results = (await pipe.exec()) ?? [];
      results.forEach(([, n], i) => {
        if (i % 2 === 0) recent += Number(n ?? 0);
        else recentFailed += Number(n ?? 0);
      });
      await yieldToLoop();
    }
  } while (cursor !== "0");
  // A tag last seen before both windows has nothing left in either list.
  await redis.zremrangebyscore(tagKeys.known(), "-inf", Math.min(cutoffs.recent, cutoffs.recentFailed));
  return { recent, recentFailed };
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
  const known = await trimKnownTags(redis, cutoffs, chunk);
  const monitored = await trimMonitored(redis, cutoffs.monitored, chunk);
  return { ...known, monitored };
}
