// Awaited hooks around every attempt, for features that must record an outcome
// BEFORE BullMQ marks the job completed or failed (batch counters, chain hand-off).
// Unlike the fire-and-forget `finished` event, a crash between a hook and BullMQ's
// own bookkeeping leaves the job active, so it stalls and runs again — and each
// hook is idempotent per job id, which makes that re-run safe.
import type { Job } from "bullmq";
import { logger } from "../logger";
import type { JobData, JobDefinition, JobMeta } from "./types";

export interface AttemptInfo {
  job: Job;
  data: JobData;
  meta: JobMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definition?: JobDefinition<any, any>;
  /** 1-based attempt number, as the handler sees it. */
  attempt: number;
}

/** Returned by beforeAttempt: complete the job now without running middleware or handler. */
export interface SkipAttempt {
  skip: string;
  /** The job's return value. @defaultValue { skipped: skip } */
  result?: unknown;
}

export interface AttemptHooks {
  /** For logs. */
  name: string;
  /**
   * After the definition lookup and payload check, before middleware and handler.
   * Return `{ skip }` to complete the job without running it. Throwing fails the attempt.
   */
  beforeAttempt?(info: AttemptInfo): Promise<SkipAttempt | void | undefined> | SkipAttempt | void | undefined;
  /** After the handler returned, before the job is reported completed. Throwing fails the attempt. */
  afterCompleted?(info: AttemptInfo, result: unknown): Promise<void> | void;
  /** Once the job failed for good (processor decision, or BullMQ's: stalled too often). Errors are logged. */
  afterFailed?(info: AttemptInfo, error: Error): Promise<void> | void;
}

const store = globalThis as unknown as { switchyardAttemptHooks?: AttemptHooks[] };
// On globalThis so a module reloaded by Next's dev server or vitest sees the same list.
const hooks = (store.switchyardAttemptHooks ??= []);

/** Registers hooks (a second registration under the same name replaces the first); returns an unregister function. */
export function registerAttemptHooks(h: AttemptHooks): () => void {
  const existing = hooks.findIndex((x) => x.name === h.name);
  if (existing >= 0) hooks[existing] = h;
  else hooks.push(h);
  return () => {
    const i = hooks.indexOf(h);
    if (i >= 0) hooks.splice(i, 1);
  };
}

export function hasAttemptHooks(): boolean {
  return hooks.length > 0;
}

/** The first hook that asks to skip wins; later hooks' beforeAttempt do not run then. */
export async function runBeforeAttempt(info: AttemptInfo): Promise<SkipAttempt | undefined> {
  for (const h of hooks) {
    const verdict = await h.beforeAttempt?.(info);
    if (verdict && typeof verdict === "object" && "skip" in verdict) return verdict;
  }
  return undefined;
}

export async function runAfterCompleted(info: AttemptInfo, result: unknown): Promise<void> {
  for (const h of hooks) await h.afterCompleted?.(info, result);
}

/** Runs every hook even when one throws; false when one did (the failure sweeper runs them again). */
export async function runAfterFailed(info: AttemptInfo, error: Error): Promise<boolean> {
  let allRan = true;
  for (const h of hooks) {
    try {
      await h.afterFailed?.(info, error);
    } catch (hookError) {
      allRan = false;
      logger.error({ err: hookError, hook: h.name, jobId: info.job.id, queue: info.job.queueName }, "afterFailed hook threw; the failure sweeper runs it again");
    }
  }
  return allRan;
}
