// Issue 3 point 2 (attempts exactly as the seed means them) and point 3 (timeouts),
// against real Redis + PostgreSQL, with sub-second backoffs so the file stays fast.
import { UnrecoverableError, Worker } from "bullmq";
import { config } from "../config";
import { env } from "../env";
import { createRedis } from "../redis/connection";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ServiceUnavailable } from "../http/app-error";
import { logger } from "../logger";
import {
  closeQueues, configureFailureAlerts, createQueueWorker, defineJob, dispatch, findFailedJobs, getQueue, retryPolicies,
  type JobFinishedEvent, type QueueWorker,
} from "./index";
import { sleep, uniqueName, waitFor, waitForFinal } from "./test-support";

const QUEUE = "default";
const finished: JobFinishedEvent[] = [];
let worker: QueueWorker;

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 }); // this file checks attempts, not mail
  worker = createQueueWorker(QUEUE, { concurrency: 4, stuckGraceMs: 200, onJobFinished: (e) => void finished.push(e) });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
});

/** A job that records the start time of each attempt and fails as `fail(attempt)` says. */
function recorder(options: Partial<Parameters<typeof defineJob>[0]> & { fail: (attempt: number) => Error | "release" | null }) {
  const starts: number[] = [];
  const { fail, ...rest } = options;
  const def = defineJob({
    name: uniqueName("attempts"),
    queue: QUEUE,
    payload: z.object({}),
    ...rest,
    handle(ctx) {
      starts.push(Date.now());
      const outcome = fail(ctx.attempt);
      if (outcome === "release") ctx.release(0.05);
      if (outcome) throw outcome;
      return "ok";
    },
  } as Parameters<typeof defineJob>[0]);
  return { def, starts };
}

const gaps = (starts: number[]) => starts.slice(1).map((t, i) => t - starts[i]);

describe("attempts and backoff", () => {
  it("every retried attempt leaves one log line with the job id, queue, attempt and error", async () => {
    const warn = vi.spyOn(logger, "warn");
    try {
      const { def } = recorder({ tries: 3, backoff: [0.05], fail: (n) => (n < 3 ? new TypeError(`flaky ${n}`) : null) });
      const id = await dispatch(def, {});
      expect(await (await waitForFinal(getQueue(QUEUE), id)).getState()).toBe("completed");
      const lines = warn.mock.calls.filter(([fields]) => (fields as { jobId?: string }).jobId === id).map(([fields, msg]) => ({ ...(fields as object), msg }));
      expect(lines).toEqual([1, 2].map((attempt) => expect.objectContaining({
        jobId: id, queue: QUEUE, job: def.name, attempt, exception: "TypeError", message: `flaky ${attempt}`, msg: "job attempt failed; retrying",
      })));
    } finally {
      warn.mockRestore();
    }
  });

  it("tries 3 with backoff [0.3, 0.6] s: three attempts spaced by the array, then archived as max_tries", async () => {
    const { def, starts } = recorder({ tries: 3, backoff: [0.3, 0.6], fail: (n) => new Error(`fail ${n}`) });
    const id = await dispatch(def, {});
    const job = await waitForFinal(getQueue(QUEUE), id);
    expect(await job.getState()).toBe("failed");
    expect(starts).toHaveLength(3);
    const [g1, g2] = gaps(starts);
    expect(g1).toBeGreaterThanOrEqual(290);
    expect(g1).toBeLessThan(700);
    expect(g2).toBeGreaterThanOrEqual(590);
    expect(g2).toBeLessThan(1_000);
    const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)));
    expect(row).toMatchObject({ queue: QUEUE, jobId: id, attempts: 3, failReason: "max_tries", exceptionClass: "Error", message: "fail 3" });
    expect(job.failedReason).toBe("fail 3");
  });

  it("exponential backoff doubles (base 0.2 s): gaps ≈ 200, 400 ms", async () => {
    const { def, starts } = recorder({ tries: 3, backoff: { type: "exponential", base: 0.2 }, fail: () => new Error("x") });
    await waitForFinal(getQueue(QUEUE), await dispatch(def, {}));
    const [g1, g2] = gaps(starts);
    expect(g1).toBeGreaterThanOrEqual(190);
    expect(g1).toBeLessThan(550);
    expect(g2).toBeGreaterThanOrEqual(390);
    expect(g2).toBeLessThan(800);
  });

  it("retryUntil overrides tries: retried until the deadline, no attempt starts after it", async () => {
    const { def, starts } = recorder({ tries: 1, retryUntil: 1.2, backoff: 0.25, fail: () => new Error("still down") });
    const dispatchedAt = Date.now();
    const id = await dispatch(def, {});
    await waitForFinal(getQueue(QUEUE), id);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    for (const t of starts) expect(t - dispatchedAt).toBeLessThan(1_200);
    const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)));
    expect(row.failReason).toBe("retry_until_passed");
  });

  it("maxExceptions counts exceptions only: releases use attempts (tries) but not exceptions", async () => {
    // attempts: 1 release, 2 throw, 3 release, 4 release, 5 throw → second exception ends it.
    const plan: Record<number, "release" | "throw"> = { 1: "release", 2: "throw", 3: "release", 4: "release", 5: "throw" };
    const { def, starts } = recorder({
      tries: 10, maxExceptions: 2, backoff: 0.05,
      fail: (n) => (plan[n] === "release" ? "release" : plan[n] === "throw" ? new Error(`exception at ${n}`) : null),
    });
    const id = await dispatch(def, {});
    const job = await waitForFinal(getQueue(QUEUE), id);
    expect(await job.getState()).toBe("failed");
    expect(starts).toHaveLength(5);
    const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)));
    expect(row).toMatchObject({ failReason: "max_exceptions", message: "exception at 5", attempts: 5 });
  });

  it("a job that keeps releasing itself fails once its tries are used (MaxAttemptsExceeded)", async () => {
    const { def, starts } = recorder({ tries: 3, fail: () => "release" });
    await waitForFinal(getQueue(QUEUE), await dispatch(def, {}));
    expect(starts).toHaveLength(3);
    const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)));
    expect(row).toMatchObject({ exceptionClass: "MaxAttemptsExceeded", failReason: "max_tries" });
  });

  it("the supervisor's tries are the default: a job without its own gets the queue's supervisor tries; its own tries win", async () => {
    // Premise, from the config this process runs with: `default` is consumed first by a supervisor with tries 3.
    expect(config().supervisors.find((s) => s.queue.includes(QUEUE))?.tries).toBe(3);
    const inherited = recorder({ fail: (n) => new Error(`fail ${n}`) });
    const own = recorder({ tries: 2, fail: (n) => new Error(`fail ${n}`) });
    const [inheritedId, ownId] = [await dispatch(inherited.def, {}), await dispatch(own.def, {})];
    expect((await getQueue(QUEUE).getJob(inheritedId))!.opts.attempts).toBe(3);
    expect((await getQueue(QUEUE).getJob(ownId))!.opts.attempts).toBe(2);
    const [a, b] = await Promise.all([waitForFinal(getQueue(QUEUE), inheritedId), waitForFinal(getQueue(QUEUE), ownId)]);
    expect([await a.getState(), await b.getState()]).toEqual(["failed", "failed"]);
    expect(inherited.starts).toHaveLength(3);
    expect(own.starts).toHaveLength(2);
    const rows = await waitFor(async () => {
      const r = [...(await findFailedJobs({ jobName: inherited.def.name })), ...(await findFailedJobs({ jobName: own.def.name }))];
      return r.length === 2 ? r : undefined;
    });
    expect(rows.map((r) => [r.jobId, r.attempts, r.failReason]).sort()).toEqual([[inheritedId, 3, "max_tries"], [ownId, 2, "max_tries"]].sort());
  });

  it("seed shouldRetry: a validation error fails at once; ServiceUnavailable gets at most 2 attempts", async () => {
    const validation = recorder({ tries: 5, shouldRetry: retryPolicies.seed, fail: () => z.string().safeParse(1).error! });
    const down = recorder({ tries: 5, backoff: 0.05, shouldRetry: retryPolicies.seed, fail: () => new ServiceUnavailable("calcom down") });
    await Promise.all([
      waitForFinal(getQueue(QUEUE), await dispatch(validation.def, {})),
      waitForFinal(getQueue(QUEUE), await dispatch(down.def, {})),
    ]);
    expect(validation.starts).toHaveLength(1);
    expect(down.starts).toHaveLength(2);
    const rows = await waitFor(async () => {
      const r = [...(await findFailedJobs({ jobName: validation.def.name })), ...(await findFailedJobs({ jobName: down.def.name }))];
      return r.length === 2 ? r : undefined;
    });
    expect(rows.map((r) => [r.exceptionClass, r.failReason]).sort()).toEqual([["ServiceUnavailable", "should_retry_declined"], ["ZodError", "should_retry_declined"]]);
  });

  it("UnrecoverableError is permanent: one attempt although tries remain", async () => {
    const { def, starts } = recorder({ tries: 4, fail: () => new UnrecoverableError("gone for good") });
    await waitForFinal(getQueue(QUEUE), await dispatch(def, {}));
    expect(starts).toHaveLength(1);
  });

  it("reports wait and runtime per finished attempt", async () => {
    const def = defineJob({ name: uniqueName("timed"), queue: QUEUE, payload: z.object({}), handle: () => sleep(120) });
    const id = await dispatch(def, {}, { delay: 150 });
    await waitForFinal(getQueue(QUEUE), id);
    const event = await waitFor(() => finished.find((e) => e.jobId === id));
    expect(event).toMatchObject({ queue: QUEUE, name: def.name, outcome: "completed", attempt: 1 });
    expect(event.runtimeMs).toBeGreaterThanOrEqual(115);
    expect(event.waitMs).toBeGreaterThanOrEqual(0);
    expect(event.waitMs).toBeLessThan(1_000);
  });
});

describe("timeouts", () => {
  it("fires the signal at the timeout and counts the attempt as failed", async () => {
    let abortedAfter = -1;
    const def = defineJob({
      name: uniqueName("polite"), queue: QUEUE, payload: z.object({}), tries: 2, timeout: 0.3, backoff: 0.05,
      handle: (ctx) =>
        new Promise<void>((_, reject) => {
          const t0 = Date.now();
          ctx.signal.addEventListener("abort", () => {
            abortedAfter = Date.now() - t0;
            reject(ctx.signal.reason);
          });
        }),
    });
    const id = await dispatch(def, {});
    const job = await waitForFinal(getQueue(QUEUE), id);
    expect(abortedAfter).toBeGreaterThanOrEqual(290);
    expect(abortedAfter).toBeLessThan(600);
    expect(job.attemptsMade).toBe(2);
    const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)));
    expect(row).toMatchObject({ exceptionClass: "JobTimeout", attempts: 2, failReason: "max_tries" });
  });

  it("a handler that ignores its signal loses its slot at the timeout and is reported stuck", async () => {
    const solo = createQueueWorker("sms", { concurrency: 1, stuckGraceMs: 200 });
    const stuckEvents: string[] = [];
    solo.processor.on("stuck", (e) => void stuckEvents.push(e.jobId));
    try {
      const stubborn = defineJob({ name: uniqueName("stubborn"), queue: "sms", payload: z.object({}), tries: 1, timeout: 0.3, handle: () => sleep(1_500) });
      const next = defineJob({ name: uniqueName("next"), queue: "sms", payload: z.object({}), handle: () => "ran" });
      const t0 = Date.now();
      const stuckId = await dispatch(stubborn, {});
      const nextId = await dispatch(next, {});
      const done = await waitForFinal(getQueue("sms"), nextId);
      // With one slot, `next` can only run because the stubborn attempt gave its slot back at the timeout.
      expect(done.returnvalue).toBe("ran");
      expect(Date.now() - t0).toBeLessThan(1_400);
      expect(await (await getQueue("sms").getJob(stuckId))!.getState()).toBe("failed");
      await waitFor(() => stuckEvents.includes(stuckId));
      expect(solo.processor.stuck().map((s) => s.jobId)).toEqual([stuckId]);
      await waitFor(() => solo.processor.stuck().length === 0, 3_000);
    } finally {
      await solo.close();
    }
  });

  it("a process that stops renewing its lock (blocked event loop, kill -9) loses the job to the stalled check, which archives it", async () => {
    const def = defineJob({ name: uniqueName("frozen"), queue: "imports", payload: z.object({}), tries: 1, handle: () => "never" });
    const id = await dispatch(def, {});
    // A worker that takes the job and then goes silent, like a process whose event loop is stuck.
    const connection = createRedis({ blocking: true });
    const frozen = new Worker("imports", null, { connection, prefix: env().REDIS_PREFIX, lockDuration: 300, autorun: false, skipLockRenewal: true });
    const taken = await frozen.getNextJob("frozen-token");
    expect(taken?.id).toBe(id);
    const checker = createQueueWorker("imports", { stalledIntervalMs: 150, maxStalledCount: 0 });
    try {
      const [row] = await waitFor(() => findFailedJobs({ jobName: def.name }).then((r) => (r.length ? r : undefined)), 8_000);
      expect(row).toMatchObject({ jobId: id, failReason: "stalled" });
      expect(row.message).toMatch(/stalled/);
    } finally {
      await checker.close();
      await frozen.close(true);
      connection.disconnect();
    }
  });
});
