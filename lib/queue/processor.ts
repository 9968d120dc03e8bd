// createJobProcessor(): the BullMQ processor function. It looks the definition up by
// `job.name`, runs middleware and handler under the timeout, and turns the outcome
// into BullMQ's vocabulary: return (completed), DelayedError after moveToDelayed
// (released, no attempt used), the error with a retry delay (retry), or FinalFailure
// (failed for good, after the archive, the failed() hook and the alert).
// Hot path: per job one Attempt object and no closures beyond the timeout's own.
import { DelayedError, type Job } from "bullmq";
import { logger } from "../logger";
import { backoffDelayMs } from "./backoff";
import { buildContext } from "./context";
import { exceptionClass, FinalFailure, isPermanentError, MaxAttemptsExceeded, RetryDeadlinePassed, toError, UnknownJob } from "./errors";
import { ProcessorEmitter, type JobFinishedEvent, type JobStartedEvent, type JobStuckEvent, type Listener, type ProcessorEvents } from "./events";
import { handleFinalFailure, markHandled, type FinalFailureSink } from "./final-failure";
import { parsePayload, UNLIMITED_ATTEMPTS } from "./job-data";
import { resolveMiddleware, runPipeline } from "./middleware/pipeline";
import { queueDefaults } from "./queue-defaults";
import { jobRegistry } from "./registry";
import { JobReleased, retryDelayOf, withRetryDelay } from "./release";
import { decideAfterFailure, decideAfterRelease, mayStart, type FailReason } from "./retry-policy";
import { runWithTimeout, type LazySignal, type TimeoutWatcher } from "./timeout";
import { hasAttemptHooks, runAfterCompleted, runAfterFailed, runBeforeAttempt, type AttemptInfo } from "./attempt-hooks";
import type { JobData, JobDefinition, JobMeta } from "./types";

export interface ProcessorOptions {
  /** The supervisor's `timeout` (s), used when a definition has none. @defaultValue the queue's supervisor timeout */
  defaultTimeoutSec?: number;
  /** How long a timed-out handler may keep running before it is reported stuck. @defaultValue 5000 */
  stuckGraceMs?: number;
  onJobStarted?: Listener<JobStartedEvent>;
  onJobFinished?: Listener<JobFinishedEvent>;
  onStuck?: Listener<JobStuckEvent>;
  /** Archive + failed() hook + alert. Replaceable for tests and benchmarks. @defaultValue handleFinalFailure */
  onFinalFailure?: FinalFailureSink;
  /** @defaultValue Date.now */
  clock?: () => number;
  /** @defaultValue Math.random (backoff jitter) */
  random?: () => number;
}

export interface InFlightAttempt extends JobStartedEvent {
  stuck: boolean;
}

export type JobProcessor = ((job: Job, token?: string) => Promise<unknown>) & {
  on<K extends keyof ProcessorEvents>(event: K, listener: Listener<ProcessorEvents[K]>): () => void;
  /** Attempts running now, including stuck ones whose slot was already given back. */
  inFlight(): InFlightAttempt[];
  /** Timed-out handlers still running: a process with any should be replaced when convenient. */
  stuck(): InFlightAttempt[];
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = JobDefinition<any, any>;

interface Runtime {
  options: ProcessorOptions;
  clock: () => number;
  emitter: ProcessorEmitter;
  inFlight: Set<InFlightAttempt>;
}

/** One attempt of one job: what the steps below share; also the timeout's watcher (no per-job closures). */
class Attempt implements TimeoutWatcher {
  readonly data: JobData;
  readonly meta: JobMeta;
  readonly number: number;
  readonly startedAt: number;
  readonly stuckGraceMs?: number;
  timeoutMs = 0;
  slot?: InFlightAttempt;
  definition?: AnyDefinition;
  payload: unknown;
  abandoned = false;

  constructor(readonly rt: Runtime, readonly job: Job, readonly token: string | undefined) {
    this.startedAt = rt.clock();
    this.data = (job.data ?? {}) as JobData;
    this.meta = this.data.meta ?? { dispatchedAt: job.timestamp };
    this.number = job.attemptsMade + (this.meta.releases ?? 0) + 1;
    this.stuckGraceMs = rt.options.stuckGraceMs;
  }

  onAbandon(): void {
    this.abandoned = true;
  }

  onStuck(): void {
    const slot = this.slot!;
    slot.stuck = true;
    const { stuck: _s, deadlineAt: _d, ...event } = slot;
    emit(this.rt, "stuck", { ...event, timeoutMs: this.timeoutMs });
    logger.error({ ...event, timeoutMs: this.timeoutMs }, "job handler ignored its timeout signal and is still running; replace this process");
  }

  onSettled(wasStuck: boolean): void {
    const slot = this.slot!;
    this.rt.inFlight.delete(slot);
    const { stuck: _s, deadlineAt: _d, ...event } = slot;
    if (wasStuck) emit(this.rt, "unstuck", { ...event, timeoutMs: this.timeoutMs });
  }

  finished(outcome: JobFinishedEvent["outcome"], error?: Error, failReason?: string): void {
    const { emitter, clock } = this.rt;
    if (!emitter.has("finished")) return;
    const readyAt = this.meta.readyAt ?? this.job.timestamp + (this.job.opts.delay ?? 0);
    emit(this.rt, "finished", {
      queue: this.job.queueName, name: this.job.name, jobId: this.job.id!, attempt: this.number,
      waitMs: Math.max(0, this.startedAt - readyAt), runtimeMs: clock() - this.startedAt, outcome, error, failReason,
      tags: this.meta.tags, payload: this.data.payload,
    });
  }

  async failForGood(error: Error, reason: FailReason | "unknown_job", definition?: AnyDefinition): Promise<never> {
    const attempts = (this.meta.previousAttempts ?? 0) + this.number;
    let archived: boolean | void = false;
    try {
      archived = await (this.rt.options.onFinalFailure ?? handleFinalFailure)({ job: this.job, definition, payload: this.data.payload, error, reason, attempts, meta: this.meta });
    } catch (sinkError) {
      logger.error({ err: sinkError, jobId: this.job.id, queue: this.job.queueName }, "recording a final failure failed");
    }
    // Batches and chains record the failure before BullMQ does (attempt-hooks.ts); never throws.
    const counted = hasAttemptHooks() ? await runAfterFailed(this.hookInfo(definition), error) : true;
    await markHandled(this.job, archived, counted);
    this.finished("failed", error, reason);
    throw new FinalFailure(error);
  }

  hookInfo(definition?: AnyDefinition): AttemptInfo {
    return { job: this.job, data: this.data, meta: this.meta, definition, attempt: this.number };
  }

  /** Puts the job back for `delayMs` without consuming a BullMQ attempt. */
  async moveBack(delayMs: number, metaPatch: Partial<JobMeta>): Promise<never> {
    const readyAt = this.rt.clock() + delayMs;
    await this.job.updateData({ ...this.data, meta: { ...this.meta, ...metaPatch, readyAt } });
    await this.job.moveToDelayed(readyAt, this.token);
    this.finished("released");
    throw new DelayedError();
  }
}

function emit<K extends keyof ProcessorEvents>(rt: Runtime, event: K, payload: ProcessorEvents[K]): void {
  rt.emitter.emit(event, payload, (error) => logger.warn({ err: error, event }, "processor listener threw"));
}

function triesOf(job: Job): number {
  const attempts = job.opts.attempts ?? 1;
  return attempts >= UNLIMITED_ATTEMPTS ? 0 : attempts;
}

function runHandler(a: Attempt, signal: LazySignal): unknown {
  const definition = a.definition!;
  const payload = a.payload;
  const ctx = buildContext({ definition, payload, jobId: a.job.id!, queue: a.job.queueName, attempt: a.number, signal, bullJob: a.job });
  const middleware = resolveMiddleware(definition.middleware, payload);
  return middleware.length ? runPipeline(middleware, ctx, async () => definition.handle(ctx)) : definition.handle(ctx);
}

async function onReleased(a: Attempt, released: JobReleased, definition: AnyDefinition): Promise<never> {
  if (!released.countsAsAttempt) return a.moveBack(released.delayMs, {});
  const decision = decideAfterRelease({ attempt: a.number, tries: triesOf(a.job), retryUntil: a.meta.retryUntil, now: a.rt.clock(), delayMs: released.delayMs });
  if (decision.action === "fail") {
    const error = decision.reason === "retry_until_passed"
      ? new RetryDeadlinePassed(`released past its retryUntil deadline at attempt ${a.number}`)
      : new MaxAttemptsExceeded(`${a.job.name} has been attempted too many times (${a.number})`);
    return a.failForGood(error, decision.reason, definition);
  }
  return a.moveBack(released.delayMs, { releases: (a.meta.releases ?? 0) + 1 });
}

async function onFailed(a: Attempt, error: Error, definition: AnyDefinition): Promise<never> {
  let shouldRetry = true;
  try {
    shouldRetry = definition.shouldRetry ? definition.shouldRetry(error, a.number) : true;
  } catch (policyError) {
    logger.warn({ err: policyError, jobId: a.job.id, queue: a.job.queueName }, "shouldRetry threw; retrying");
  }
  const decision = decideAfterFailure({
    attempt: a.number,
    tries: triesOf(a.job),
    exceptions: a.job.attemptsMade + 1,
    maxExceptions: definition.maxExceptions,
    retryUntil: a.meta.retryUntil,
    now: a.rt.clock(),
    permanent: isPermanentError(error),
    shouldRetry,
    delayMs: retryDelayOf(error) ?? backoffDelayMs(definition.backoff, a.number, a.rt.options.random ?? Math.random),
  });
  if (decision.action === "fail") return a.failForGood(error, decision.reason, definition);
  // One short line per retried attempt (the stack is in BullMQ's stacktrace): a job that fails twice
  // and then succeeds leaves a trace in the logs, as Horizon's do.
  logger.warn({ jobId: a.job.id, queue: a.job.queueName, job: a.job.name, attempt: a.number, retryInMs: decision.delayMs, exception: exceptionClass(error), message: error.message }, "job attempt failed; retrying");
  // Remember when the retry becomes ready (wait-time metrics); BullMQ delays it by the same amount.
  await a.job.updateData({ ...a.data, meta: { ...a.meta, readyAt: a.rt.clock() + decision.delayMs } }).catch(() => {});
  a.finished("retrying", error);
  throw withRetryDelay(error, decision.delayMs);
}

async function processJob(rt: Runtime, job: Job, token: string | undefined): Promise<unknown> {
  const a = new Attempt(rt, job, token);
  const definition = jobRegistry.get(job.name);
  if (!definition) return a.failForGood(new UnknownJob(`No job named "${job.name}" is registered in this process`), "unknown_job");
  let payload: unknown;
  try {
    payload = parsePayload(definition, a.data.payload, { json: false });
  } catch (error) {
    return a.failForGood(toError(error), "permanent", definition);
  }
  if (!mayStart(a.meta.retryUntil, a.startedAt)) {
    return a.failForGood(new RetryDeadlinePassed(`retryUntil ${new Date(a.meta.retryUntil!).toISOString()} passed before attempt ${a.number}`), "retry_until_passed", definition);
  }
  const timeoutMs = (a.timeoutMs = Math.round((definition.timeout ?? rt.options.defaultTimeoutSec ?? queueDefaults(job.queueName).timeoutSec) * 1000));
  const slot: InFlightAttempt = { queue: job.queueName, name: job.name, jobId: job.id!, attempt: a.number, startedAt: a.startedAt, deadlineAt: a.startedAt + timeoutMs, stuck: false };
  a.slot = slot;
  a.definition = definition;
  a.payload = payload;
  rt.inFlight.add(slot);
  if (rt.emitter.has("started")) emit(rt, "started", { ...slot });
  try {
    // Attempt hooks (attempt-hooks.ts): a batch/chain job may skip its work, and records its outcome before BullMQ does.
    const hooked = hasAttemptHooks();
    const skipped = hooked ? await runBeforeAttempt(a.hookInfo(definition)) : undefined;
    if (skipped) {
      a.finished("completed");
      return skipped.result ?? { skipped: skipped.skip };
    }
    const result = await runWithTimeout(runHandler, a, a);
    if (hooked) await runAfterCompleted(a.hookInfo(definition), result);
    a.finished("completed");
    return result;
  } catch (thrown) {
    if (thrown instanceof JobReleased) return onReleased(a, thrown, definition);
    return onFailed(a, toError(thrown), definition);
  } finally {
    if (!a.abandoned) rt.inFlight.delete(slot);
  }
}

export function createJobProcessor(options: ProcessorOptions = {}): JobProcessor {
  const rt: Runtime = { options, clock: options.clock ?? Date.now, emitter: new ProcessorEmitter(), inFlight: new Set() };
  if (options.onJobStarted) rt.emitter.on("started", options.onJobStarted);
  if (options.onJobFinished) rt.emitter.on("finished", options.onJobFinished);
  if (options.onStuck) rt.emitter.on("stuck", options.onStuck);
  // Two parameters on purpose: BullMQ creates an AbortController per job for processors that
  // declare a third (its worker.cancelJob signal). Nothing here cancels through BullMQ — the
  // attempt's own signal (timeout.ts) is what handlers get — and that controller cost ~15 µs/job
  // of CPU and GC in a profile of no-op jobs, most of the runtime's overhead over bare BullMQ.
  const processor = ((job: Job, token?: string) => processJob(rt, job, token)) as JobProcessor;
  processor.on = (event, listener) => rt.emitter.on(event, listener);
  processor.inFlight = () => [...rt.inFlight].map((s) => ({ ...s }));
  processor.stuck = () => [...rt.inFlight].filter((s) => s.stuck).map((s) => ({ ...s }));
  return processor;
}
