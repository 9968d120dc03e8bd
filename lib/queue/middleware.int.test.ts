// Issue 3 point 4: each middleware alone and all together, across two Worker
// instances (two BullMQ workers = two "hosts" sharing Redis).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { RateLimiterRes } from "rate-limiter-flexible";
import { limiterFor, type RateLimitDefinition } from "./rate-limits";
import { runtimeRedis } from "./queues";
import {
  closeQueues, concurrencyLimit, configureFailureAlerts, createQueueWorker, defineJob, defineRateLimit, dispatch, getQueue,
  perCompanyConcurrency, perUserConcurrency, rateLimited, throttlesExceptions, withoutOverlapping, type JobMiddleware, type MiddlewareContext, type QueueWorker,
} from "./index";
import { buildContext } from "./context";
import { LazySignal } from "./timeout";
import { sleep, uniqueName, waitFor } from "./test-support";

const QUEUE = "webhooks";
let workers: QueueWorker[] = [];

beforeAll(() => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  // Two independent workers with their own connections, like two hosts.
  workers = [createQueueWorker(QUEUE, { concurrency: 4, name: "host-a" }), createQueueWorker(QUEUE, { concurrency: 4, name: "host-b" })];
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await configureFailureAlerts({}).close();
  await closeQueues();
});

const payload = z.object({ n: z.number(), company_id: z.number(), key: z.string().default("k"), user_id: z.number().optional() });
type Payload = z.infer<typeof payload>;

interface Run { n: number; company: number; user?: number; key: string; start: number; end: number; attempt: number; by?: string }

/** A job that records every handler run (start/end) and fails as `fail` says. */
function tracked(middleware: (p: Payload) => JobMiddleware[], opts: { workMs?: number; fail?: (p: Payload, attempt: number) => boolean; tries?: number; queue?: string } = {}) {
  const runs: Run[] = [];
  const def = defineJob({
    name: uniqueName("mw"),
    queue: opts.queue ?? QUEUE,
    payload,
    tries: opts.tries ?? 5,
    middleware,
    async handle(ctx) {
      const run: Run = { n: ctx.payload.n, company: ctx.payload.company_id, user: ctx.payload.user_id, key: ctx.payload.key, start: Date.now(), end: 0, attempt: ctx.attempt, by: ctx.bullJob?.processedBy };
      runs.push(run);
      await sleep(opts.workMs ?? 80);
      run.end = Date.now();
      if (opts.fail?.(ctx.payload, ctx.attempt)) throw new Error(`fail ${ctx.payload.n}@${ctx.attempt}`);
    },
  });
  return { def, runs };
}

/** Highest number of runs of one group overlapping in time. */
function maxOverlap(runs: Run[], group: (r: Run) => string | number = () => 0): number {
  let max = 0;
  for (const r of runs) {
    const concurrent = runs.filter((o) => group(o) === group(r) && o.start <= r.start && (o.end === 0 || o.end > r.start)).length;
    max = Math.max(max, concurrent);
  }
  return max;
}

async function dispatchAll(def: ReturnType<typeof tracked>["def"], payloads: Payload[]): Promise<string[]> {
  return Promise.all(payloads.map((p) => dispatch(def, p)));
}

async function allCompleted(ids: string[], timeoutMs = 15_000, queueName = QUEUE) {
  const queue = getQueue(queueName);
  await waitFor(async () => {
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    if (states.includes("failed") || states.includes("unknown")) throw new Error(`a job failed or is missing: ${states.join(",")}`);
    return states.every((s) => s === "completed");
  }, timeoutMs);
  // Fetched once final: earlier snapshots would show stale attempt counts.
  return Promise.all(ids.map(async (id) => (await queue.getJob(id))!));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("withoutOverlapping", () => {
  it("never runs two jobs with one key at once, across two workers; others run in parallel; none fails or uses an attempt", async () => {
    const { def, runs } = tracked((p) => [withoutOverlapping(p.key, { releaseAfter: 0.03 })]);
    const ids = await dispatchAll(def, [...range(6).map((n) => ({ n, company_id: 1, key: "same" })), ...range(4).map((n) => ({ n: 10 + n, company_id: 1, key: `own-${n}` }))]);
    const jobs = await allCompleted(ids);
    expect(maxOverlap(runs.filter((r) => r.key === "same"))).toBe(1);
    expect(maxOverlap(runs)).toBeGreaterThan(1);
    expect(runs).toHaveLength(10); // each ran exactly once
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
    expect(new Set(runs.map((r) => r.by)).size).toBe(2); // both workers took part
  });
});

describe("withoutOverlapping: expireAfter frees the lock of a holder that never releases", () => {
  it("a job whose key is held by a dead holder is postponed until the lease expires, then runs — not before", async () => {
    const EXPIRE_S = 1.5;
    const lockKey = uniqueName("crashed");
    const { def, runs } = tracked((p) => [withoutOverlapping(p.key, { releaseAfter: 0.05, expireAfter: EXPIRE_S })], { workMs: 5 });
    // The holder: the same middleware, for the same job name and key, around a handler that never returns
    // (a process that froze or died mid-job: its finally never runs, so it never releases the lock).
    const holder = withoutOverlapping(lockKey, { expireAfter: EXPIRE_S });
    const ctx = buildContext({ definition: def as never, payload: { n: 0, company_id: 1, key: lockKey }, jobId: "dead-holder", queue: QUEUE, attempt: 1, signal: new LazySignal() });
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const beforeAcquire = Date.now();
    void holder.handle(ctx as MiddlewareContext, () => {
      entered();
      return new Promise(() => undefined); // never settles
    });
    await holding;
    const acquired = Date.now();
    const [id] = await dispatchAll(def, [{ n: 1, company_id: 1, key: lockKey }]);
    const [job] = await allCompleted([id], 10_000);
    expect(runs).toHaveLength(1);
    // The lease ends EXPIRE_S after it was taken (Redis clock, same host): never earlier.
    expect(runs[0].start).toBeGreaterThanOrEqual(beforeAcquire + EXPIRE_S * 1000);
    // …and soon after: polled every 50 ms; generous for a loaded machine.
    expect(runs[0].start).toBeLessThan(acquired + EXPIRE_S * 1000 + 1_500);
    expect(job.attemptsMade).toBe(1); // the waits used no attempt
  });
});

describe("tenant limits with the seed's values (perCompanyConcurrency 10, perUserConcurrency 5)", () => {
  const TENANT_QUEUE = "tenant-limits";
  let tenantWorkers: QueueWorker[] = [];
  beforeAll(() => {
    // 2 × 10 slots: more than one company's cap, so only the middleware can hold it.
    tenantWorkers = [createQueueWorker(TENANT_QUEUE, { concurrency: 10, name: "host-c" }), createQueueWorker(TENANT_QUEUE, { concurrency: 10, name: "host-d" })];
  });
  afterAll(async () => {
    await Promise.all(tenantWorkers.map((w) => w.close()));
  });

  it("at most 10 running jobs of one company across both workers; another company is not held back", async () => {
    const { def, runs } = tracked(() => [perCompanyConcurrency()], { workMs: 400, queue: TENANT_QUEUE });
    const [busy, other] = [1_000 + Math.floor(Math.random() * 1e6), 2_000_000 + Math.floor(Math.random() * 1e6)];
    const ids = await Promise.all([...range(14).map((n) => ({ n, company_id: busy })), ...range(4).map((n) => ({ n: 100 + n, company_id: other }))].map((p) => dispatch(def, p)));
    const jobs = await allCompleted(ids, 20_000, TENANT_QUEUE);
    expect(runs).toHaveLength(18);
    expect(maxOverlap(runs.filter((r) => r.company === busy))).toBe(10);
    expect(maxOverlap(runs.filter((r) => r.company === other))).toBe(4);
    // The other company's jobs ran beside the busy company's 10: its cap is its own.
    expect(maxOverlap(runs)).toBeGreaterThan(10);
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
  });

  it("at most 5 running jobs of one user, across companies", async () => {
    const { def, runs } = tracked(() => [perUserConcurrency()], { workMs: 400, queue: TENANT_QUEUE });
    const user = Math.floor(Math.random() * 1e9);
    const ids = await Promise.all(range(8).map((n) => dispatch(def, { n, company_id: n, user_id: user })));
    const jobs = await allCompleted(ids, 20_000, TENANT_QUEUE);
    expect(runs).toHaveLength(8);
    expect(maxOverlap(runs)).toBe(5);
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
  });
});

describe("concurrencyLimit", () => {
  it("holds at most N running jobs per company across both workers", async () => {
    const limit = concurrencyLimit({ name: uniqueName("per-company"), limit: 2, by: (p: Payload) => p.company_id, releaseAfter: 0.03 });
    const { def, runs } = tracked(() => [limit]);
    const ids = await dispatchAll(def, [...range(8).map((n) => ({ n, company_id: 1, key: "k" })), ...range(4).map((n) => ({ n: 20 + n, company_id: 2, key: "k" }))]);
    const jobs = await allCompleted(ids);
    expect(maxOverlap(runs, (r) => r.company)).toBe(2);
    expect(runs).toHaveLength(12);
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
  });
});

describe("throttlesExceptions", () => {
  it("after maxAttempts exceptions in the window, the next attempt waits for the window to end", async () => {
    const circuit = throttlesExceptions(2, 0.01).by(uniqueName("circuit")); // one key for every attempt
    const { def, runs } = tracked(() => [circuit], { workMs: 5, fail: (_p, attempt) => attempt <= 2, tries: 5 });
    const [id] = await dispatchAll(def, [{ n: 1, company_id: 1, key: "k" }]);
    const [job] = await allCompleted([id]);
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // Window opened at the first exception (≈ runs[0].end) and lasts 600 ms; attempt 3 must wait for it.
    expect(runs[2].start - runs[0].end).toBeGreaterThanOrEqual(590);
    expect(job.attemptsMade).toBe(3); // 2 failures + the success: the postponement used none
  });

  it(".backoff(minutes) spaces the retry after a throttled exception", async () => {
    const circuit = throttlesExceptions(5, 1).backoff(0.005).by(uniqueName("circuit"));
    const { def, runs } = tracked(() => [circuit], { workMs: 5, fail: (_p, attempt) => attempt === 1 });
    const [id] = await dispatchAll(def, [{ n: 1, company_id: 1, key: "k" }]);
    await allCompleted([id]);
    expect(runs).toHaveLength(2);
    expect(runs[1].start - runs[0].end).toBeGreaterThanOrEqual(290);
  });
});

/**
 * Fixed windows start at the first hit after the previous window expired; count hits per such window.
 * Handler starts lag the limiter's decision by a round trip plus event-loop delay on a busy machine,
 * hence the tolerance; the exact per-window count comes from the limiter itself (watchLimiter).
 */
function fixedWindowCounts(starts: number[], windowMs: number, toleranceMs = 150): number[] {
  const sorted = [...starts].sort((a, b) => a - b);
  const counts: number[] = [];
  let windowStart = -Infinity;
  for (const t of sorted) {
    if (t >= windowStart + windowMs - toleranceMs) {
      windowStart = t;
      counts.push(0);
    }
    counts[counts.length - 1]++;
  }
  return counts;
}

/** Records what the limiter answered each job: consumed points in its window when passed, and how many were refused. */
function watchLimiter(limit: RateLimitDefinition) {
  const limiter = limiterFor(limit, runtimeRedis());
  const seen = { consumedOnPass: [] as number[], refused: 0 };
  const consume = limiter.consume.bind(limiter);
  limiter.consume = async (key, points) => {
    try {
      const res = await consume(key, points);
      seen.consumedOnPass.push(res.consumedPoints);
      return res;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) seen.refused++;
      throw rejection;
    }
  };
  return seen;
}

describe("rateLimited", () => {
  it("delays jobs over the limit until their window frees: none fails, none is lost, none runs early, no attempt used", async () => {
    const limit = defineRateLimit({ name: uniqueName("test-api"), points: 3, durationSec: 1, by: (p: Payload) => p.company_id });
    const limiter = watchLimiter(limit);
    const { def, runs } = tracked(() => [rateLimited(limit.name)], { workMs: 5 });
    const t0 = Date.now();
    const ids = await dispatchAll(def, [...range(8).map((n) => ({ n, company_id: 1, key: "k" })), ...range(2).map((n) => ({ n: 30 + n, company_id: 2, key: "k" }))]);
    const jobs = await allCompleted(ids, 20_000);
    const company1 = runs.filter((r) => r.company === 1).map((r) => r.start);
    expect(company1).toHaveLength(8);
    expect(fixedWindowCounts(company1, 1_000).every((c) => c <= 3)).toBe(true);
    expect(Math.max(...company1) - Math.min(...company1)).toBeGreaterThanOrEqual(1_950); // 8 jobs at 3/s need three windows
    // Another company's jobs are not held back by company 1's limit.
    expect(runs.filter((r) => r.company === 2).every((r) => r.start - t0 < 900)).toBe(true);
    expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
    // The limiter's own count: every job passed exactly once, as one of at most 3 in its window; the rest were refused and delayed.
    expect(limiter.consumedOnPass).toHaveLength(10);
    expect(Math.max(...limiter.consumedOnPass)).toBeLessThanOrEqual(3);
    expect(limiter.refused).toBeGreaterThan(0);
  });
});

describe("all middleware together (the seed's BaseJob stack)", () => {
  it("compose: overlap lock, rate limit, exception throttle and tenant limit all hold at once", async () => {
    const limit = defineRateLimit({ name: uniqueName("test-api"), points: 4, durationSec: 1, by: (p: Payload) => p.company_id });
    const limiter = watchLimiter(limit);
    const funnel = concurrencyLimit({ name: uniqueName("per-company"), limit: 2, by: (p: Payload) => p.company_id, releaseAfter: 0.03 });
    const circuit = uniqueName("circuit");
    const { def, runs } = tracked(
      (p) => [withoutOverlapping(p.key, { releaseAfter: 0.03 }), rateLimited(limit.name), throttlesExceptions(3, 0.01).by(circuit), funnel],
      { workMs: 40, fail: (p, attempt) => p.n % 3 === 0 && attempt === 1, tries: 4 },
    );
    const ids = await dispatchAll(def, range(9).map((n) => ({ n, company_id: 7, key: `k${n % 3}` })));
    const jobs = await allCompleted(ids, 25_000);
    const successes = runs.filter((r) => !(r.n % 3 === 0 && r.attempt === 1));
    expect(successes).toHaveLength(9);
    expect(maxOverlap(runs, (r) => r.key)).toBe(1);
    expect(maxOverlap(runs, (r) => r.company)).toBeLessThanOrEqual(2);
    // Passes can exceed the jobs: a job that passed the limiter and then met the tenant limit is postponed and asks again.
    expect(Math.max(...limiter.consumedOnPass)).toBeLessThanOrEqual(4);
    expect(limiter.consumedOnPass.length).toBeGreaterThanOrEqual(12); // 9 jobs + the 3 retries after their first exception
    expect(jobs.filter((j) => j.data.payload.n % 3 === 0).every((j) => j.attemptsMade === 2)).toBe(true);
    expect(jobs.filter((j) => j.data.payload.n % 3 !== 0).every((j) => j.attemptsMade === 1)).toBe(true);
  });
});
