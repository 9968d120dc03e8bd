// Runs one attempt under a deadline. When it passes, the attempt's AbortSignal fires
// and the attempt is failed at once — the worker slot comes back even if the handler
// ignores the signal. Such a handler keeps running in the background ("stuck"); it is
// reported so the supervisor can replace the process (see docs/RUNTIME.md).
//
// Hot path (thousands of jobs/s): the AbortController is created only when the handler
// reads `ctx.signal` (a profile of 75,000 no-op jobs put ~4 µs/job in creating AbortSignals
// plus ~11 µs/job of the GC they cause); a handler that returns synchronously needs no
// timer; the async path costs one promise, one timer, three closures.
import { JobTimeout } from "./errors";

/** What runWithTimeout reports to; the processor's per-attempt object implements it (no per-job closures). */
export interface TimeoutWatcher {
  timeoutMs: number;
  /** How long an abandoned handler may run on before onStuck. @defaultValue 5000 */
  stuckGraceMs?: number;
  /** The signal fired but the handler is still running (its slot is given back now). */
  onAbandon?(): void;
  /** The abandoned handler has not settled within the grace period. */
  onStuck?(): void;
  /** The abandoned handler settled; `wasStuck` says whether onStuck fired. */
  onSettled?(wasStuck: boolean): void;
}

/** The attempt's signal, created on first use. */
export class LazySignal {
  private controller?: AbortController;
  private abortedWith?: unknown;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortedWith !== undefined) this.controller.abort(this.abortedWith);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    this.abortedWith = reason;
    this.controller?.abort(reason);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<unknown>).then === "function";
}

export function runWithTimeout<A, T>(work: (arg: A, signal: LazySignal) => Promise<T> | T, arg: A, watcher: TimeoutWatcher): Promise<T> {
  const lazy = new LazySignal();
  let running: Promise<T> | T;
  try {
    running = work(arg, lazy);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!isThenable(running)) return Promise.resolve(running);
  const pending = running as Promise<T>;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      const error = new JobTimeout(watcher.timeoutMs);
      lazy.abort(error);
      watcher.onAbandon?.();
      watchStuck(pending, watcher);
      reject(error);
    }, watcher.timeoutMs);
    pending.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function watchStuck(running: Promise<unknown>, watcher: TimeoutWatcher): void {
  let settled = false;
  let reported = false;
  const grace = setTimeout(() => {
    if (settled) return;
    reported = true;
    watcher.onStuck?.();
  }, watcher.stuckGraceMs ?? 5_000);
  grace.unref();
  const done = () => {
    settled = true;
    clearTimeout(grace);
    watcher.onSettled?.(reported);
  };
  running.then(done, done);
}
