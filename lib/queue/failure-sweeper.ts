// Archives failures nobody archived. A job BullMQ fails on its own (stalled too often) is
// archived, and counted by its batch or chain, from the `failed` event of the worker that
// noticed it; a worker killed in between, or PostgreSQL down at that moment (the processor's
// own final failures too), left the job failed in Redis with no archive row and its batch
// waiting for ever. Every worker process runs the sweep timer, but each period one of them
// sweeps a queue (the first to take its pass: a host with N processes reads once, not N
// times): a job failed at least the grace ago without the archive mark (archive-mark.ts) is
// archived now. Period and grace are config (`horizon.workers.failureSweep`). Each queue
// keeps a watermark (the failed set's score, finishedOn) so a pass reads only what failed
// since; it never moves past a job not archived yet, so a failure while PostgreSQL is down
// is archived on the first pass after it returns.
import { Job } from "bullmq";
import type { Redis } from "ioredis";
import { logger, type Logger } from "../logger";
import { key } from "../redis/connection";
import { ARCHIVED_FIELD, jobKey, runOf } from "./archive-mark";
import type { FinalFailureSink } from "./final-failure";
import { failureAlerts } from "./failure-alerts";
import { forgetOnce, once } from "./once";
import { archiveFailedJob } from "./queue-worker";
import { getQueue, runtimeRedis } from "./queues";
import { startSweepTimer, type SweepTimer } from "./sweep-timer";

/** How long after BullMQ failed a job its own worker has to archive it before the sweeper does, unless configured. */
export const GRACE_MS = 120_000;
/** Failed jobs one pass looks at per queue; the rest wait for the next pass. */
export const SWEEP_LIMIT = 500;
/** How long one sweeper holds a job it is archiving (another process skips it meanwhile). */
const CLAIM_SECONDS = 600;

export interface SweepOptions {
  now?: number;
  graceMs?: number;
  limit?: number;
  /** What archives a job (a test's stand-in for a PostgreSQL outage). @defaultValue handleFinalFailure */
  sink?: FinalFailureSink;
  log?: Logger;
}

export interface QueueSweep {
  queue: string;
  /** Job ids this pass archived. */
  archived: string[];
  /** Failed jobs it found not archived and could not archive (or another process was archiving). */
  left: number;
}

/** One failed job as a pass sees it: its failed-set score and whether it is archived now. Pure input of nextWatermark. */
export interface Seen {
  score: number;
  archived: boolean;
}

/**
 * Where the next pass starts (inclusive): at the first job still not archived; else after this
 * page — its last score when the page was full (more may share or follow it), else the end of
 * the range. Pure.
 */
export function nextWatermark(from: number, to: number, seen: Seen[], limit: number): number {
  const pending = seen.find((s) => !s.archived);
  if (pending) return pending.score;
  if (seen.length >= limit) return seen.at(-1)!.score;
  return Math.max(from, to);
}

const watermarkKey = (queue: string) => key("failure-sweep", queue, "watermark");

/** Archives the queue's failed jobs that have no archive mark and failed at least `graceMs` ago. */
export async function sweepQueueFailures(queue: string, options: SweepOptions = {}, redis: Redis = runtimeRedis()): Promise<QueueSweep> {
  const now = options.now ?? Date.now();
  const to = now - (options.graceMs ?? GRACE_MS);
  const limit = options.limit ?? SWEEP_LIMIT;
  const result: QueueSweep = { queue, archived: [], left: 0 };
  const stored = await redis.get(watermarkKey(queue));
  // A first pass starts now: failures from before this release have no mark and were archived then.
  if (stored === null) {
    await redis.set(watermarkKey(queue), String(now));
    return result;
  }
  const from = Number(stored);
  const page = await redis.zrangebyscore(key(queue, "failed"), from, to, "WITHSCORES", "LIMIT", 0, limit);
  const jobIds = page.filter((_, i) => i % 2 === 0);
  const runs = await unarchivedRuns(queue, jobIds, redis);
  const seen: Seen[] = [];
  for (const [i, jobId] of jobIds.entries()) {
    const run = runs[i];
    const archived = run === null ? "already" : await archiveUnmarked(queue, jobId, run, options, redis);
    if (archived === "now") result.archived.push(jobId);
    if (archived === "no") result.left++;
    seen.push({ score: Number(page[2 * i + 1]), archived: archived !== "no" });
  }
  await redis.set(watermarkKey(queue), String(nextWatermark(from, to, seen, limit)));
  return result;
}

/** For each job, in one round trip: the run its failure belongs to if that run has no archive mark, else null (marked, or removed). */
async function unarchivedRuns(queue: string, jobIds: string[], redis: Redis): Promise<(string | null)[]> {
  if (!jobIds.length) return [];
  const pipe = redis.pipeline();
  for (const jobId of jobIds) pipe.hmget(jobKey(queue, jobId), "processedOn", "timestamp", ARCHIVED_FIELD);
  const replies = (await pipe.exec()) ?? [];
  return replies.map(([error, fields]) => {
    if (error) throw error;
    const [processedOn, timestamp, mark] = fields as (string | null)[];
    if (processedOn === null && timestamp === null) return null; // removed meanwhile: nothing to archive
    const run = runOf({ processedOn: processedOn === null ? undefined : Number(processedOn), timestamp: Number(timestamp ?? 0) });
    return mark === run ? null : run;
  });
}

async function archiveUnmarked(queue: string, jobId: string, run: string, options: SweepOptions, redis: Redis): Promise<"already" | "now" | "no"> {
  const claim = `failure-sweep:${queue}:${jobId}:${run}`;
  if (!(await once(claim, CLAIM_SECONDS, redis))) return "no";
  try {
    const job = await Job.fromId(getQueue(queue), jobId);
    // Removed, or retried in place (an admin's retry) since the page was read: no failure to archive.
    if (!job || (await job.getState()) !== "failed") return "already";
    (options.log ?? logger).warn({ queue, jobId, failedReason: job.failedReason }, "failed job was never archived (its worker died, or PostgreSQL was down): archiving it now");
    await archiveFailedJob(job, failureOf(job), options.sink);
    if ((await redis.hget(jobKey(queue, jobId), ARCHIVED_FIELD)) === run) return "now";
  } catch (error) {
    (options.log ?? logger).error({ err: error, queue, jobId }, "failure sweep: archiving a failed job failed");
  }
  await forgetOnce(claim, redis);
  return "no";
}

/** The error BullMQ stored for the job: its reason, with the last attempt's stack when there is one. */
function failureOf(job: Job): Error {
  const error = new Error(job.failedReason || "failed (no reason stored)");
  const stack = job.stacktrace?.at(-1);
  if (stack) error.stack = stack;
  return error;
}

/**
 * Sweeps the queue unless another process swept it in the last 0.7 `periodMs` (null then). Shorter
 * than the sweep timer's shortest jittered gap (0.75), so a process alone on its queues never skips
 * its own next pass; a process that dies mid-pass holds the queue no longer than that.
 */
export async function sweepIfDue(queue: string, periodMs: number, options: SweepOptions = {}, redis: Redis = runtimeRedis()): Promise<QueueSweep | null> {
  const pass = await redis.set(key("failure-sweep", queue, "pass"), String(process.pid), "PX", Math.max(1, Math.floor(periodMs * 0.7)), "NX");
  return pass === "OK" ? sweepQueueFailures(queue, options, redis) : null;
}

/**
 * Sweeps `queues()` every `intervalMs`, jittered so the worker processes do not all try at once.
 * The first pass runs at once: on a queue never swept it sets the watermark, and failures from
 * then on are covered.
 */
export function startFailureSweeper(queues: () => string[], log: Logger = logger, { intervalMs = 60_000, graceMs = GRACE_MS } = {}): SweepTimer {
  const pass = async () => {
    for (const queue of queues()) {
      const r = await sweepIfDue(queue, intervalMs, { log, graceMs });
      if (r && (r.archived.length || r.left)) log.info({ queue, archived: r.archived.length, left: r.left }, "failure sweep");
    }
    if (await failureAlerts().adoptOrphans()) log.info("failure alerts: sending failures whose window holder left");
  };
  return startSweepTimer(pass, intervalMs, log, "failure sweep", 0);
}
