// A lease-based counting semaphore in Redis (Laravel's Redis::funnel): at most
// `limit` holders of one key at a time, across every worker and host. A holder that
// dies without releasing frees its slot when its lease ends. Times come from the
// Redis server's clock, so hosts with skewed clocks agree.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { withCommands } from "../redis/define-commands";

// KEYS[1] = sorted set of holders scored by lease end. ARGV: token, limit, leaseMs.
const ACQUIRE_1 = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
  return {1, 0}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(first[2]) - now}
`;

export interface FunnelLease {
  acquired: boolean;
  /** When not acquired: ms until the earliest current lease ends (an upper bound on the wait). */
  msUntilFreeAtMost: number;
  release(): Promise<void>;
}

type FunnelRedis = Redis & {
  switchyardFunnelAcquire(funnelKey: string, token: string, limit: number, leaseMs: number): Promise<[number, number]>;
};
/**
 * The acquire script as a defined command (EVALSHA) rather than its ~600 bytes of text, which
 * Redis would hash again, on every call — withoutOverlapping and the tenant limits run it once per job.
 */
const FUNNEL_COMMANDS = { switchyardFunnelAcquire: { numberOfKeys: 1, lua: ACQUIRE_1 } };

export async function acquireFunnel(redis: Redis, funnelKey: string, limit: number, leaseMs: number): Promise<FunnelLease> {
  const token = randomUUID();
  const [ok, wait] = await withCommands<FunnelRedis>(redis, FUNNEL_COMMANDS).switchyardFunnelAcquire(funnelKey, token, limit, Math.max(1, Math.round(leaseMs)));
  return {
    acquired: ok === 1,
    msUntilFreeAtMost: Math.max(0, wait),
    release: async () => {
      if (ok === 1) await redis.zrem(funnelKey, token);
    },
  };
}
