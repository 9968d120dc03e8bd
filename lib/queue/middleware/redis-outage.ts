// Middleware keeps its state (locks, tenant slots, rate windows, exception counts) in Redis, on a
// connection that gives up on a command after a few reconnect attempts. A job without middleware
// just waits out a Redis outage; one with middleware must too, instead of failing attempts
// because its bookkeeping could not be reached.
import { isConnectivityError } from "../../connectivity-error";
import type { MiddlewareContext } from "../types";

/** How long a job waits before asking again when Redis did not answer its middleware. */
export const OUTAGE_POSTPONE_MS = 5_000;

/** Runs a middleware's check; Redis not answering postpones the job (no try used) instead of failing it. */
export async function postponeOnOutage<T>(ctx: MiddlewareContext, what: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!isConnectivityError(error)) throw error;
    ctx.logger.warn({ err: error }, `${what}: Redis is not answering; the job waits and asks again`);
    return ctx.postpone(OUTAGE_POSTPONE_MS, `Redis not answering (${what})`);
  }
}

/**
 * Runs bookkeeping after the handler whose failure must not change the job's outcome: a job that
 * succeeded stays succeeded, a handler's error stays the error. What it would have freed expires.
 */
export async function afterRunBestEffort(ctx: MiddlewareContext, what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    ctx.logger.warn({ err: error }, `${what} failed after the job ran; the job's outcome stands`);
  }
}
