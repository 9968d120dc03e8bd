// Helpers for the runtime's own tests (not shipped to jobs).
import type { Job, Queue } from "bullmq";

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 25): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await sleep(stepMs);
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms (last value: ${JSON.stringify(last)})`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the job reaches a final state. */
export async function waitForFinal(queue: Queue, jobId: string, timeoutMs = 10_000): Promise<Job> {
  await waitFor(async () => {
    const state = await queue.getJobState(jobId);
    return state === "completed" || state === "failed";
  }, timeoutMs);
  // Fetched after the state is final: a snapshot taken earlier would miss the return value and last error.
  return (await queue.getJob(jobId))!;
}

let counter = 0;
/** A job name unique to this test process, so definitions of different tests never collide. */
export function uniqueName(base: string): string {
  return `${base}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface Gate {
  promise: Promise<void>;
  open: () => void;
}

/** Named gates a test's handler waits at (`gate(tag).promise`) until the test opens them (`gate(tag).open()`). */
export function createGates(): (tag: string) => Gate {
  const gates = new Map<string, Gate>();
  return (tag) => {
    let g = gates.get(tag);
    if (!g) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gates.set(tag, (g = { promise, open }));
    }
    return g;
  };
}
