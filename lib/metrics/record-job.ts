// What the workers call when an attempt ends. Each job is merged into an
// in-process batch (a few Map updates, no I/O); the batch — metrics and tag
// index together — goes to Redis as ONE pipeline every second, or sooner after
// FLUSH_JOBS jobs. So recording costs the job loop almost nothing, whatever
// the throughput (measured: docs/BENCHMARKS.md). It never throws into a job: a
// Redis outage loses measurements, not work. Call flushRecordings() on shutdown.
import type { Redis } from "ioredis";
import { config } from "../config";
import { logger } from "../logger";
import { oncePer } from "../once-per";
import { autoTags, mergeTags } from "../tags/job-tags";
import { monitoredTagsCache } from "../tags/monitored-cache";
import { addJobTags } from "../tags/tag-index";
import { isFinalOutcome, MetricsTally, type JobFinished } from "./recording";
import { metricsRedis } from "./redis";
import { metricsPipeline, RedisWrites } from "./writes";

/** Longest a measurement waits in memory (the snapshot's close grace is larger). */
export const FLUSH_MS = 1_000;
/** Flush early after this many jobs (a batch merges them, so memory stays small either way). */
export const FLUSH_JOBS = 10_000;

/** A finished attempt as recorded; `error` as the event's Error or already as its message. */
type Finished = JobFinished & { error?: string | Error };

class RecordingBuffer {
  private tally = new MetricsTally();
  /** Tagged jobs wait for the flush: the monitored set is looked up once per batch. */
  private tagged: { job: JobFinished & { error?: string }; tags: string[] }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly warnDue = oncePer(60_000);
  flushMs = FLUSH_MS;

  add(job: Finished, now: number): void {
    this.tally.add(job, now);
    if (isFinalOutcome(job.outcome)) {
      // Dispatch stored the job's tags, explicit and automatic (lib/queue/job-data.ts); a job
      // enqueued without them (another producer, an older release) gets its automatic tags here.
      const tags = mergeTags(job.tags ?? autoTags(job.payload));
      if (tags.length) {
        const error = job.error instanceof Error ? job.error.message : job.error;
        this.tagged.push({ job: { ...job, error, finishedAt: job.finishedAt ?? now }, tags });
      }
    }
    if (this.tally.jobs >= FLUSH_JOBS) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref(); // a pending flush must not keep a finished process alive
    }
  }

  /** Writes everything added so far; resolves when Redis answered (or the write failed and was logged). */
  flush(redis: Redis = metricsRedis()): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const writes = new RedisWrites();
    this.tally.drainInto(writes);
    const tagged = this.tagged;
    this.tagged = [];
    // Batches go out one after another, so a slow Redis cannot reorder them.
    this.flushing = this.flushing.then(() => this.write(redis, writes, tagged));
    return this.flushing;
  }

  private async write(redis: Redis, writes: RedisWrites, tagged: { job: JobFinished & { error?: string }; tags: string[] }[]): Promise<void> {
    if (writes.empty && !tagged.length) return;
    try {
      if (tagged.length) {
        const monitored = await monitoredTagsCache.current(redis);
        const monitoredWindowMs = config().horizon.trim.monitored * 60_000;
        const now = Date.now();
        for (const { job, tags } of tagged) addJobTags(writes, job, tags, { monitored, monitoredWindowMs, now });
      }
      const results = await writes.appendTo(metricsPipeline(redis)).exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      if (this.warnDue()) logger.warn({ err: error, jobs: writes.jobs }, "writing job metrics failed (measurements lost, jobs unaffected)");
    }
  }
}

const buffer = new RecordingBuffer();

/** Records one finished attempt and writes it (with anything else pending) now. Tests, scripts, benches. */
export async function recordJobFinished(job: Finished, options: { redis?: Redis; now?: number } = {}): Promise<void> {
  buffer.add(job, options.now ?? Date.now());
  await buffer.flush(options.redis);
}

/**
 * How long a measurement may wait in memory (the workers' `metricsFlushMs` tuning). Above the
 * snapshot's close grace (5 s) a minute can be snapshotted before all of it arrived.
 */
export function setFlushInterval(ms: number): void {
  buffer.flushMs = ms;
}

/** Waits until everything recorded so far is in Redis (graceful shutdown, tests). */
export function flushRecordings(): Promise<void> {
  return buffer.flush();
}

/** The runtime's `finished` event, with the fields the metrics may additionally use when present. */
export type FinishedEventLike = Omit<JobFinished, "finishedAt" | "tags" | "payload" | "waitMs"> & {
  waitMs?: number;
  error?: Error;
  finishedAt?: number;
  tags?: readonly string[];
  payload?: unknown;
};

/** Listener for `processor.on("finished", recordFinishedEvent)` (lib/queue/events.ts). No I/O on the job's path. */
export function recordFinishedEvent(event: FinishedEventLike): void {
  try {
    buffer.add(event, Date.now());
  } catch (error) {
    logger.warn({ err: error }, "recording a finished job failed");
  }
}
