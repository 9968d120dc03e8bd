// Runs one attempt under a deadline. When it passes, the attempt's AbortSignal fires
// and the attempt is failed at once — the worker slot comes back even if the handler
// ignores the signal. Such a handler keeps running in the background ("stuck"); it is
// reported so the supervisor can replace the process (see docs/RUNTIME.md).
//
// Hot path (thousands of jobs/s): the AbortController is created only when the handler
// reads its signal, a handler that returns synchronously needs no timer, and the async
// path costs one promise, one timer and one listener.
import { JobTimeout } from "./errors";

export interface TimeoutOptions {
  timeoutMs: number;
  /** BullMQ's own cancellation signal (worker.cancelJob), if any. */
  parentSignal?: AbortSignal;
  /** Called when the handler has not settled `stuckGraceMs` after its signal fired. */
  onStuck?: () => void;
  /** Called when the signal fired but the handler is still running (the slot is given back now). */
  onAbandon?: () => void;
  /** Called when an abandoned handler finally settles; `wasStuck` says whether onStuck fired. */
  onSettled?: (wasStuck: boolean) => void;
  stuckGraceMs?: number;
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

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<unknown>).then === "function";
}

export function runWithTimeout<T>(work: (signal: LazySignal) => Promise<T> | T, options: TimeoutOptions): Promise<T> {
  const lazy = new LazySignal();
  let running: Promise<T> | T;
  try {
    running = work(lazy);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!isThenable(running)) return Promise.resolve(running);
  const pending = running as Promise<T>;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const parent = options.parentSignal;
    const stop = (reason: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
      lazy.abort(reason);
      options.onAbandon?.();
      watchStuck(pending, options);
      reject(reason);
    };
    const onParentAbort = () => stop(parent!.reason ?? new Error("Job cancelled"));
    const timer = setTimeout(() => stop(new JobTimeout(options.timeoutMs)), options.timeoutMs);
    if (parent) {
      if (parent.aborted) onParentAbort();
      else parent.addEventListener("abort", onParentAbort, { once: true });
    }
    pending.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        parent?.removeEventListener("abort", onParentAbort);
        resolve(value);
      },
      (error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        parent?.removeEventListener("abort", onParentAbort);
        reject(error);
      },
    );
  });
}

function watchStuck(running: Promise<unknown>, options: TimeoutOptions): void {
  let settled = false;
  let reported = false;
  const grace = setTimeout(() => {
    if (settled) return;
    reported = true;
    options.onStuck?.();
  }, options.stuckGraceMs ?? 5_000);
  grace.unref();
  const done = () => {
    settled = true;
    clearTimeout(grace);
    options.onSettled?.(reported);
  };
  running.then(done, done);
}
