// The seed's `Cache::add($key, true, $ttl)` idempotency guard for handlers.
// Enough for "don't do this twice within ttl" when a rare duplicate is harmless;
// where a duplicate must never happen (money, bookings) use a database unique key
// inside the same transaction as the effect (see docs/RUNTIME.md).
import type { Redis } from "ioredis";
import { key } from "../redis/connection";
import { runtimeRedis } from "./queues";

/** True the first time `name` is seen within `ttlSeconds` (fractions allowed), false after. */
export async function once(name: string, ttlSeconds: number, redis: Redis = runtimeRedis()): Promise<boolean> {
  const ttlMs = Math.max(1, Math.round(ttlSeconds * 1000));
  return (await redis.set(key("once", name), "1", "PX", ttlMs, "NX")) === "OK";
}

/** Lets `name` pass once() again (e.g. when the guarded work failed and must be redone). */
export async function forgetOnce(name: string, redis: Redis = runtimeRedis()): Promise<void> {
  await redis.del(key("once", name));
}
