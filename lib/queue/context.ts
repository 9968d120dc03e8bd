// The context one attempt's handler and middleware see. A class, not an object
// literal: its methods live on the prototype, so a job costs one allocation here.
import type { Job } from "bullmq";
import { logger as rootLogger, type Logger } from "../logger";
import { dispatch } from "./dispatch";
import { JobReleased } from "./release";
import type { LazySignal } from "./timeout";
import type { JobDefinition, MiddlewareContext } from "./types";

export interface ContextInput<P> {
  definition: JobDefinition<P, unknown>;
  payload: P;
  jobId: string;
  queue: string;
  attempt: number;
  signal: LazySignal;
  bullJob?: Job;
}

class AttemptContext<P> implements MiddlewareContext<P> {
  readonly definition: JobDefinition<P, unknown>;
  readonly payload: P;
  readonly jobId: string;
  readonly name: string;
  readonly queue: string;
  readonly attempt: number;
  readonly bullJob?: Job;
  readonly dispatch = dispatch;
  private readonly lazySignal: LazySignal;
  private childLogger?: Logger;

  constructor(input: ContextInput<P>) {
    this.definition = input.definition;
    this.payload = input.payload;
    this.jobId = input.jobId;
    this.name = input.definition.name;
    this.queue = input.queue;
    this.attempt = input.attempt;
    this.bullJob = input.bullJob;
    this.lazySignal = input.signal;
  }

  /** Created on first read: most handlers never look at it. */
  get signal(): AbortSignal {
    return this.lazySignal.signal;
  }

  /** Lazy: a pino child per job is measurable at thousands of jobs per second. */
  get logger(): Logger {
    this.childLogger ??= rootLogger.child({ jobId: this.jobId, queue: this.queue, job: this.name });
    return this.childLogger;
  }

  async progress(value: number | object): Promise<void> {
    await this.bullJob?.updateProgress(value);
  }

  async log(line: string): Promise<void> {
    if (this.bullJob) await this.bullJob.log(line);
  }

  release(delaySeconds: number): never {
    throw new JobReleased(Math.max(0, delaySeconds * 1000), "released by the handler", true);
  }

  postpone(delayMs: number, reason: string): never {
    throw new JobReleased(Math.max(0, delayMs), reason, false);
  }
}

export function buildContext<P>(input: ContextInput<P>): MiddlewareContext<P> {
  return new AttemptContext(input);
}
