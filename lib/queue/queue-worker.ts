// createQueueWorker(): a BullMQ Worker wired to the runtime — the processor, the
// retry-delay strategy, lock/drain settings from the queue connection's config,
// and an archive for failures BullMQ decides without the processor (stalled jobs).
import { Worker, type Job, type WorkerOptions } from "bullmq";
import { config, connectionLockWindow } from "../config";
import { env } from "../env";
import { logger } from "../logger";
import { createRedis } from "../redis/connection";
import { FinalFailure, toError } from "./errors";
import { handleFinalFailure, markHandled, type FinalFailureSink } from "./final-failure";
import type { JobData, JobMeta } from "./types";
import { runAfterFailed } from "./attempt-hooks";
import { createJobProcessor, type JobProcessor, type ProcessorOptions } from "./processor";
import { retryDelayOf } from "./release";

export interface QueueWorkerOptions extends ProcessorOptions {
  /** Jobs this worker runs at once (BullMQ slots). @defaultValue 1 */
  concurrency?: number;
  /** Queue connection of the config (`redis`, `redis-long-running`): sets lock duration and block time. @defaultValue the config default */
  connectionName?: string;
  /** A job whose lock is not renewed for this long counts as stalled. @defaultValue connection.retryAfter × 1000 */
  lockDurationMs?: number;
  /** @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** Stalls allowed before BullMQ fails the job. @defaultValue 1 */
  maxStalledCount?: number;
  /** BullMQ worker name, stored on the jobs it processes (host:pid:supervisor). */
  name?: string;
  /** @defaultValue true */
  autorun?: boolean;
  /** Reuse a processor (e.g. one per supervisor) instead of creating one. */
  processor?: JobProcessor;
  /** Anything else BullMQ accepts, applied last. */
  workerOptions?: Partial<WorkerOptions>;
}

export type QueueWorker = Worker & { readonly processor: JobProcessor };

/** BullMQ's backoff hook: the processor already decided the delay and attached it to the error. */
export function runtimeBackoffStrategy(_attemptsMade: number, _type?: string, error?: Error): number {
  return retryDelayOf(error) ?? 0;
}

function connectionSettings(name: string | undefined): { lockDuration?: number; drainDelay?: number } {
  try {
    const window = connectionLockWindow(config().queue, name);
    if (window) return { lockDuration: window.lockDurationMs, drainDelay: window.drainDelaySec };
  } catch {
    // fall back to BullMQ's defaults
  }
  return {};
}

export function createQueueWorker(queue: string, options: QueueWorkerOptions = {}): QueueWorker {
  const processor = options.processor ?? createJobProcessor(options);
  const connection = createRedis({ blocking: true });
  const fromConfig = connectionSettings(options.connectionName);
  const settings: WorkerOptions = withoutUndefined({
    connection,
    prefix: env().REDIS_PREFIX,
    concurrency: options.concurrency ?? 1,
    autorun: options.autorun ?? true,
    lockDuration: options.lockDurationMs ?? fromConfig.lockDuration,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    drainDelay: fromConfig.drainDelay,
    name: options.name,
    settings: { backoffStrategy: runtimeBackoffStrategy },
    ...options.workerOptions,
  });
  const worker = new Worker(queue, processor, settings) as QueueWorker;
  Object.defineProperty(worker, "processor", { value: processor });
  worker.on("error", (error) => logger.error({ err: error, queue }, "worker error"));
  worker.on("failed", (job, error) => {
    if (job) void archiveUnhandledFailure(job, error, options.onFinalFailure ?? handleFinalFailure);
  });
  worker.on("closed", () => connection.disconnect());
  return worker;
}

/**
 * BullMQ fails some jobs without the processor deciding: a job that stalled more than
 * `maxStalledCount` times (its process died or blocked), or ran out of BullMQ attempts.
 * Those reach the archive here; the processor's own final failures (FinalFailure) are already there.
 */
async function archiveUnhandledFailure(job: Job, thrown: Error, sink: FinalFailureSink): Promise<void> {
  if (thrown instanceof FinalFailure || thrown?.name === "DelayedError") return;
  const failedForGood = !!job.finishedOn || (await job.isFailed().catch(() => false));
  if (!failedForGood) return;
  await archiveFailedJob(job, toError(thrown), sink);
}

/**
 * Archives a job BullMQ holds as failed and lets its batch or chain count the failure — from the
 * worker's `failed` event, or from the failure sweeper for a failure nobody archived. Both are safe
 * to repeat: a batch and a chain count a job's failure once.
 */
export async function archiveFailedJob(job: Job, error: Error, sink: FinalFailureSink = handleFinalFailure): Promise<void> {
  const data = (job.data ?? {}) as Partial<JobData>;
  const reason = /stalled/i.test(error.message) ? "stalled" : "bullmq";
  let archived: boolean | void = false;
  try {
    archived = await sink({ job, payload: data.payload, error, reason, attempts: (data.meta?.previousAttempts ?? 0) + Math.max(1, job.attemptsMade), meta: data.meta });
  } catch (sinkError) {
    logger.error({ err: sinkError, jobId: job.id, queue: job.queueName }, "archiving a failure BullMQ decided failed");
  }
  // Batches and chains count this failure too (attempt-hooks.ts).
  const meta = (data.meta ?? { dispatchedAt: job.timestamp }) as JobMeta;
  const counted = await runAfterFailed({ job, data: { payload: data.payload, meta }, meta, attempt: Math.max(1, job.attemptsMade) }, error);
  await markHandled(job, archived, counted);
}

// BullMQ treats an explicit `undefined` as a value (and rejects it); leave such keys out.
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
