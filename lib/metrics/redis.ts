// The metrics' own non-blocking Redis connection, shared by recording,
// snapshots, trimming, tags, health and the Prometheus route of one process.
import type { Redis } from "ioredis";
import { logger } from "../logger";
import { createRedis } from "../redis/connection";

let shared: Redis | undefined;

export function metricsRedis(): Redis {
  if (!shared) {
    shared = createRedis();
    // ioredis reconnects by itself; an unhandled 'error' event would crash the process.
    shared.on("error", (error) => logger.debug({ err: error }, "metrics redis connection error"));
  }
  return shared;
}

export async function closeMetricsRedis(): Promise<void> {
  const r = shared;
  shared = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
