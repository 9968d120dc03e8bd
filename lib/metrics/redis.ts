// The metrics' own non-blocking Redis connection, shared by recording,
// snapshots, trimming, tags, health and the Prometheus route of one process.
import type { Redis } from "ioredis";
import { createRedis } from "../redis/connection";

let shared: Redis | undefined;

export function metricsRedis(): Redis {
  shared ??= createRedis(); // createRedis gives it its 'error' listener
  return shared;
}

export async function closeMetricsRedis(): Promise<void> {
  const r = shared;
  shared = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
