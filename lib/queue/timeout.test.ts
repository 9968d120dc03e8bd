import { describe, expect, it, vi } from "vitest";
import { JobTimeout } from "./errors";
import { createJobProcessor } from "./processor";
import { LazySignal, runWithTimeout, type TimeoutWatcher } from "./timeout";

const watcher = (timeoutMs: number, extra: Partial<TimeoutWatcher> = {}): TimeoutWatcher => ({ timeoutMs, ...extra });

describe("LazySignal", () => {
  it("creates no AbortController until the signal is read", () => {
    const Real = globalThis.AbortController;
    let created = 0;
    globalThis.AbortController = class extends Real {
      constructor() {
        super();
        created++;
      }
    };
    try {
      const lazy = new LazySignal();
      lazy.abort(new Error("late"));
      expect(created).toBe(0);
      expect(lazy.signal.aborted).toBe(true);
      expect(created).toBe(1);
    } finally {
      globalThis.AbortController = Real;
    }
  });

  it("fires a signal already handed out when aborted", () => {
    const lazy = new LazySignal();
    const signal = lazy.signal;
    const reason = new JobTimeout(5);
    lazy.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });
});

describe("runWithTimeout", () => {
  it("resolves a synchronous result without arming a timer", async () => {
    const timers = vi.spyOn(globalThis, "setTimeout");
    try {
      await expect(runWithTimeout(() => 7, null, watcher(10))).resolves.toBe(7);
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });

  it("rejects with JobTimeout and aborts the handler's signal when the deadline passes", async () => {
    let seen: AbortSignal | undefined;
    const onAbandon = vi.fn();
    const running = runWithTimeout((_arg, lazy) => {
      seen = lazy.signal;
      return new Promise((resolve) => seen!.addEventListener("abort", () => resolve("stopped")));
    }, null, watcher(20, { onAbandon }));
    await expect(running).rejects.toBeInstanceOf(JobTimeout);
    expect(seen?.aborted).toBe(true);
    expect(onAbandon).toHaveBeenCalledTimes(1);
  });

  it("reports a handler that ignores its signal as stuck, then settled", async () => {
    let finish!: () => void;
    const events: string[] = [];
    const running = runWithTimeout(() => new Promise<void>((resolve) => (finish = resolve)), null, watcher(10, {
      stuckGraceMs: 10,
      onStuck: () => events.push("stuck"),
      onSettled: (wasStuck) => events.push(`settled:${wasStuck}`),
    }));
    await expect(running).rejects.toBeInstanceOf(JobTimeout);
    await vi.waitFor(() => expect(events).toEqual(["stuck"]));
    finish();
    await vi.waitFor(() => expect(events).toEqual(["stuck", "settled:true"]));
  });
});

describe("createJobProcessor", () => {
  it("declares fewer than three parameters, so BullMQ allocates no per-job AbortController", () => {
    // bullmq Worker: `processorAcceptsSignal = processor.length >= 3`; see processor.ts.
    expect(createJobProcessor().length).toBeLessThan(3);
  });
});
