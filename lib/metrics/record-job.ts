// What the workers call when an attempt ends: its metrics and its tag index in
// ONE pipeline (one round trip per job). It never throws into the job: a metrics
// outage loses measurements, not work.
import type { Redis } from "ioredis";
import { config } from "../config";
import { logger } from "../logger";
import { mergeTags, autoTags } from "../tags/job-tags";
import { monitoredTagsCache } from "../tags/monitored-cache";
import { addTagCommands } from "../tags/tag-index";
import { addMetricCommands, type JobFinished } from "./recording";
import { metricsRedis } from "./redis";

export interface RecordOptions {
  redis?: Redis;
  now?: number;
}

let lastWarnAt = 0;

/** Records one finished attempt. Resolves when Redis acknowledged it; failures are logged (at most once a minute). */
export async function recordJobFinished(job: JobFinished & { error?: string }, options: RecordOptions = {}): Promise<void> {
  const redis = options.redis ?? metricsRedis();
  const now = options.now ?? Date.now();
  try {
    const pipe = redis.pipeline();
    addMetricCommands(pipe, job, now);
    const tags = mergeTags(job.tags, autoTags(job.payload));
    if (tags.length && (job.outcome === "completed" || job.outcome === "failed")) {
      const monitored = await monitoredTagsCache.current(redis, now);
      addTagCommands(pipe, job, tags, { monitored, monitoredWindowMs: config().horizon.trim.monitored * 60_000, now });
    }
    const results = await pipe.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  } catch (error) {
    if (Date.now() - lastWarnAt > 60_000) {
      lastWarnAt = Date.now();
      logger.warn({ err: error, queue: job.queue, job: job.name }, "recording job metrics failed (measurements lost, job unaffected)");
    }
  }
}

/** The runtime's `finished` event, with the fields the metrics may additionally use when present. */
export type FinishedEventLike = Omit<JobFinished, "finishedAt" | "tags" | "payload" | "waitMs"> & {
  waitMs?: number;
  error?: Error;
  finishedAt?: number;
  tags?: readonly string[];
  payload?: unknown;
};

/**
 * Listener for `processor.on("finished", recordFinishedEvent)` (lib/queue/events.ts).
 * Fire-and-forget: the processor does not wait for Redis.
 */
export function recordFinishedEvent(event: FinishedEventLike): void {
  track(recordJobFinished({ ...event, error: event.error?.message }));
}

const inFlight = new Set<Promise<void>>();

function track(p: Promise<void>): void {
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** Waits for fire-and-forget recordings still on their way (graceful shutdown, tests). */
export async function flushRecordings(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}
