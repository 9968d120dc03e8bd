// Failed sign-ins per email+IP, counted in a Redis sorted set (a sliding window).
import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { createRedis, key } from "../redis/connection";
import { MAX_FAILURES, WINDOW_MS, retryAfterSeconds } from "./throttle-policy";
import { normalizeEmail } from "./users";

/**
 * Atomically: drop entries older than the window, refuse when the window is
 * full (returning the oldest entry's time), else reserve a slot for this
 * attempt. Reserving before the password check means a parallel burst cannot
 * slip more than MAX_FAILURES guesses past the count.
 * KEYS[1] window zset; ARGV now, windowMs, limit, member.
 */
const RESERVE_1 = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, oldest[2]}
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

export type Reservation = { allowed: true; release: () => Promise<void> } | { allowed: false; retryAfterSeconds: number };

const globalForRedis = globalThis as unknown as { switchyardAuthRedis?: Redis };

function redis(): Redis {
  // Not failFast: that refuses commands until the first connect completes. With the
  // default options a command fails after 3 reconnect tries (~1 s) when Redis is down.
  globalForRedis.switchyardAuthRedis ??= createRedis();
  return globalForRedis.switchyardAuthRedis;
}

export function throttleKey(email: string, ip: string): string {
  // Hash the email so addresses do not sit in Redis in clear text.
  const digest = createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 32);
  return key("auth", "login-failures", digest, ip);
}

/**
 * Reserves one attempt. The reservation counts as a failure unless
 * `release()` is called after a successful sign-in (which clears the window).
 */
export async function reserveAttempt(email: string, ip: string, client: Redis = redis(), now = Date.now()): Promise<Reservation> {
  const k = throttleKey(email, ip);
  const [ok, oldest] = (await client.eval(RESERVE_1, 1, k, now, WINDOW_MS, MAX_FAILURES, `${now}:${randomUUID()}`)) as [
    number,
    string | number,
  ];
  if (ok === 1) return { allowed: true, release: async () => void (await client.del(k)) };
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(Number(oldest), now) };
}
