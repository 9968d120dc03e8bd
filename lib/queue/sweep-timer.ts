// The timer every background sweep of the worker processes runs on (batch callbacks, unarchived
// failures): one pass at a time, every intervalMs give or take a quarter, so the processes of a
// host do not all sweep at once; a failed pass is logged and the next one tries again.
import type { Logger } from "../logger";

export interface SweepTimer {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** @param firstAfterMs when the first pass runs @defaultValue one jittered interval */
export function startSweepTimer(pass: () => Promise<unknown>, intervalMs: number, log: Logger, what: string, firstAfterMs?: number): SweepTimer {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout;
  const schedule = (afterMs = Math.round(intervalMs * (0.75 + Math.random() / 2))) => {
    timer = setTimeout(() => {
      running = pass()
        .catch((error) => log.error({ err: error }, `${what} failed`))
        .finally(() => stopped || schedule());
    }, afterMs);
    timer.unref();
  };
  schedule(firstAfterMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
