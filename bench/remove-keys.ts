// Every bench writes under its own key prefix; this removes all of it afterwards.
import type { Redis } from "ioredis";
import { scanKeys } from "../lib/redis/scan-keys";

/** Deletes every key under `prefix` in small SCAN/UNLINK steps (never one blocking KEYS). */
export async function removeKeys(redis: Redis, prefix: string): Promise<number> {
  let removed = 0;
  for await (const keys of scanKeys(redis, `${prefix}:*`, 10_000)) removed += await redis.unlink(...keys);
  return removed;
}
