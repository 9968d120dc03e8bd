// The shapes the job runtime is built from: a job definition, the context a
// handler receives, and the middleware contract. Behaviour lives elsewhere.
import type { Job } from "bullmq";
import type { z } from "zod";
import type { Logger } from "../logger";
import type { BackoffSpec } from "./backoff";

/** Options of `dispatch`; every field is optional and falls back to the definition. */
export interface DispatchOptions {
  /** Queue to push to. @defaultValue the definition's queue */
  queue?: string;
  /** Milliseconds to wait before the job may run, or the moment it may run. @defaultValue 0 */
  delay?: number | Date;
  /** BullMQ priority: 1 is the highest, larger numbers run later. @defaultValue none (FIFO) */
  priority?: number;
  /** A connection of the queue config (`redis`, `redis-long-running`, `sync`). @defaultValue definition's, then config default */
  connection?: string;
  /** Explicit BullMQ job id; overrides `uniqueId(payload)`. */
  jobId?: string;
  /** Extra meta stored with the job (batches, chains). */
  meta?: Partial<JobMeta>;
}

/** What the runtime stores beside the payload in Redis (`job.data.meta`). */
export interface JobMeta {
  /** Epoch ms when dispatch() was called. */
  dispatchedAt: number;
  tags?: string[];
  batchId?: string;
  chain?: unknown[];
  /** Epoch ms after which no further attempt starts (from `retryUntil`). */
  retryUntil?: number;
  /** Times the handler released itself with `ctx.release()` (they count as attempts, as in Laravel). */
  releases?: number;
  /** Attempts made by earlier runs of this job before a `retryFailed` re-enqueued it. */
  previousAttempts?: number;
  /** FailedJob uuid this job re-runs. */
  retryOf?: string;
  /** Epoch ms the job last became ready to run (after a release or retry delay); for wait-time metrics. */
  readyAt?: number;
  /** Connection name the job was dispatched on. */
  connection?: string;
}

export interface JobData<I = unknown> {
  payload: I;
  meta: JobMeta;
}

/** What a handler receives for one attempt. */
export interface JobContext<P> {
  payload: P;
  jobId: string;
  name: string;
  queue: string;
  /** 1-based attempt number (failed attempts + self-releases before this one, plus one). */
  attempt: number;
  /** Fires when the attempt times out or the worker cancels it; pass it to fetch/DB calls. */
  signal: AbortSignal;
  logger: Logger;
  progress(value: number | object): Promise<void>;
  log(line: string): Promise<void>;
  dispatch: typeof import("./dispatch").dispatch;
  /**
   * Laravel's `$this->release($seconds)`: put the job back and try later. It counts as an attempt
   * (toward `tries`) but not as an exception (toward `maxExceptions`).
   */
  release(delaySeconds: number): never;
  /** The BullMQ job; undefined on the `sync` connection. */
  bullJob?: Job;
}

/** A middleware's view: the handler context plus a way to delay without spending an attempt. */
export interface MiddlewareContext<P = unknown> extends JobContext<P> {
  definition: JobDefinition<P, unknown>;
  /** Put the job back for `delayMs` without running it and without consuming an attempt. */
  postpone(delayMs: number, reason: string): never;
}

/** Like the seed's job middleware: call `next()` to run the rest of the pipeline, or postpone. */
export interface JobMiddleware {
  readonly name: string;
  handle(ctx: MiddlewareContext, next: () => Promise<unknown>): Promise<unknown>;
}

export interface FailedContext<P> {
  payload: P;
  jobId: string;
  name: string;
  queue: string;
  attempts: number;
  logger: Logger;
}

export interface JobOptions<P, I = P> {
  /** Unique job name; also the BullMQ job name. */
  name: string;
  /** Default queue. */
  queue: string;
  payload: z.ZodType<P, I>;
  /** Attempts before the job fails; 0 = unlimited (use with retryUntil). @defaultValue the queue's supervisor `tries` */
  tries?: number;
  /** Seconds between attempts: fixed, per attempt (`[10, 30, 60]`), or exponential. @defaultValue 0 */
  backoff?: BackoffSpec;
  /** Seconds one attempt may run before its signal fires and the attempt fails. @defaultValue the supervisor's timeout */
  timeout?: number;
  /** Unhandled exceptions allowed before the job fails, independent of releases. */
  maxExceptions?: number;
  /** Deadline: seconds after dispatch, or a function of the payload. No attempt starts after it. */
  retryUntil?: number | ((payload: P) => Date);
  /** Maps to the BullMQ job id: a second dispatch with the same id is ignored while the job exists. */
  uniqueId?: (payload: P) => string;
  middleware?: JobMiddleware[] | ((payload: P) => JobMiddleware[]);
  /** Whether a failed attempt may be retried (see `retryPolicies`). @defaultValue always */
  shouldRetry?: (error: Error, attempt: number) => boolean;
  tags?: string[] | ((payload: P) => string[]);
  /** Connection name of the queue config. @defaultValue the config's default connection */
  connection?: string;
  handle(ctx: JobContext<P>): Promise<unknown> | unknown;
  /** Runs once when the job has failed for good. */
  failed?(error: Error, ctx: FailedContext<P>): Promise<void> | void;
}

export interface JobDefinition<P, I = P> extends Readonly<JobOptions<P, I>> {
  readonly kind: "switchyard.job";
}
