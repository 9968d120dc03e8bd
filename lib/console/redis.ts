// The console's own non-blocking Redis connection with its read scripts
// defined once. Reads only: every change goes through BullMQ's own methods
// (pause, clean, retry, remove, promote), which keep BullMQ's invariants.
import type { Redis } from "ioredis";
import { createRedis } from "../redis/connection";
import { connectionWatch, refuseWhileDown } from "../redis/connection-watch";
import { JOB_ROWS_LUA, SEARCH_JOBS_LUA } from "./job-scripts";
import { QUEUE_COUNTS_LUA } from "./queue-counts";

export type ConsoleRedis = Redis & {
  /** [id, name, timestamp, processedOn, finishedOn, delay, priority, atm, failedReason, preview, dataBytes] per id. */
  syJobRows(jobKeyPrefix: string, previewChars: number, reasonChars: number, ...ids: string[]): Promise<(string | null)[][]>;
  /** [scanned, rangeSize, matches[]]: one bounded slice of a state, matched in Redis. */
  sySearchJobs(
    stateKey: string,
    jobKeyPrefix: string,
    kind: "list" | "zset-asc" | "zset-desc",
    start: number,
    count: number,
    field: "name" | "data",
    needle: string,
    maxMatches: number,
  ): Promise<[number, number, string[]]>;
  /** Counts per state and paused flag of every queue whose key prefix is given (queue-counts.ts), one call. */
  syQueueCounts(numberOfKeys: number, ...queueKeyPrefixes: string[]): Promise<number[]>;
};

let shared: ConsoleRedis | undefined;

/**
 * The connection, or RedisUnavailable while it is known to be down: its commands would otherwise wait
 * through a few reconnect attempts (seconds) before failing, for every read of every screen.
 */
export function consoleRedis(): ConsoleRedis {
  if (shared) {
    refuseWhileDown(shared);
    return shared;
  }
  const redis = createRedis();
  connectionWatch(redis);
  // One key (the job-key prefix) so a cluster routes it to the queue's slot; see job-scripts.ts.
  redis.defineCommand("syJobRows", { numberOfKeys: 1, lua: JOB_ROWS_LUA });
  redis.defineCommand("sySearchJobs", { numberOfKeys: 1, lua: SEARCH_JOBS_LUA });
  // As many keys as queues, so the count is passed per call.
  redis.defineCommand("syQueueCounts", { lua: QUEUE_COUNTS_LUA });
  shared = redis as ConsoleRedis;
  return shared;
}

export async function closeConsoleRedis(): Promise<void> {
  const r = shared;
  shared = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
