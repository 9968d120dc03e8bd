// Every bench writes under its own key prefix; this removes all of it afterwards.
import type { Redis } from "ioredis";

/** Deletes every key under `prefix` in small SCAN/UNLINK steps (never one blocking KEYS). */
export async function removeKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 10_000);
    cursor = next;
    if (keys.length) removed += await redis.unlink(...keys);
  } while (cursor !== "0");
  return removed;
}
