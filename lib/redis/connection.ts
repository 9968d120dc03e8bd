// Redis connections for BullMQ and Switchyard's own keys.
import { Redis, type RedisOptions } from "ioredis";
import { env } from "../env";

export interface ConnectionOptions {
  /** Workers block on Redis: BullMQ needs maxRetriesPerRequest null there. */
  blocking?: boolean;
  /** Producers fail fast (so the webhook route can answer 503) instead of queueing commands forever. */
  failFast?: boolean;
  url?: string;
}

export function redisOptions({ blocking = false, failFast = false }: ConnectionOptions = {}): RedisOptions {
  return {
    maxRetriesPerRequest: blocking ? null : failFast ? 1 : 3,
    enableOfflineQueue: !failFast,
    // Reconnect with capped backoff forever: a Redis restart must not need a process restart.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    connectTimeout: 5_000,
    lazyConnect: false,
  };
}

export function createRedis(options: ConnectionOptions = {}): Redis {
  return new Redis(options.url ?? env().REDIS_URL, redisOptions(options));
}

/** Switchyard's own keys live under the same prefix as BullMQ's. */
export function key(...parts: (string | number)[]): string {
  return [env().REDIS_PREFIX, ...parts].join(":");
}
