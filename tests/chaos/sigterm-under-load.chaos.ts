// Issue 7 · SIGTERM under load (run by `npm run test:chaos`). workers/control.int.test.ts
// already proves the drain with ONE job in flight; this is the loaded case: four
// worker processes busy and hundreds of jobs waiting when the real `workers`
// master gets SIGTERM. Proven: exit 0, every job active at the signal completes
// (none left active/stalled), the rest stay waiting, and a second start finishes
// them all exactly once. Own private redis-server, so no shared keys are left behind.
import { afterAll, beforeAll, expect, it } from "vitest";
import { usePrivateRedis, type PrivateRedis } from "./private-redis";

const TOTAL = 400;
let redis: PrivateRedis;

beforeAll(async () => {
  redis = await usePrivateRedis();
}, 30_000);

afterAll(async () => {
  (await import("@/workers/testing/harness")).destroyAllWorkers();
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 2_000))]);
  await redis?.kill();
});

it(`SIGTERM with 4 busy processes and ${TOTAL} jobs queued: in-flight jobs finish, none stalled, exit 0`, async () => {
  const { dispatchMany, getQueue } = await import("@/lib/queue");
  const { readRecords, testRecord } = await import("@/workers/testing/fixture-jobs");
  const { startWorkers, supervisors, waitFor } = await import("@/workers/testing/harness");
  const override = supervisors({ load: { queue: ["default"], balance: "simple", processes: 4 } });
  const queue = getQueue("default");

  const first = startWorkers({ override });
  await waitFor(() => first.logs.filter((l) => /worker process \d+ ready/.test(l.msg)).length >= 4, 120_000, "4 ready worker processes");
  const ids = await dispatchMany(testRecord, Array.from({ length: TOTAL }, (_, n) => ({ n, sleepMs: 400 })));
  await waitFor(async () => (await readRecords()).length >= 20 && (await queue.getActiveCount()) >= 3, 60_000, "20 jobs done and ≥ 3 in flight");

  const inFlight = (await queue.getActive()).map((j) => j.id!);
  const signalledAt = Date.now();
  const code = await first.stop("SIGTERM", 60_000);
  const drainMs = Date.now() - signalledAt;

  const afterStop = await readRecords();
  const doneAtStop = new Set(afterStop.map((r) => r.jobId));
  const counts = await queue.getJobCounts("active", "waiting", "completed", "failed");
  console.log(
    `[chaos:sigterm] ${inFlight.length} jobs in flight at SIGTERM (of ${TOTAL}); exit ${code} after ${drainMs} ms; ` +
      `done ${doneAtStop.size}, counts after exit ${JSON.stringify(counts)}`,
  );
  expect(code).toBe(0);
  expect(inFlight.length).toBeGreaterThanOrEqual(3);
  expect(inFlight.filter((id) => !doneAtStop.has(id)), "jobs in flight at the signal that did not finish").toEqual([]);
  expect(counts.active, "jobs left active (would stall)").toBe(0);
  expect(counts.failed).toBe(0);
  expect(counts.waiting, "the jobs not started stay queued for the next start").toBe(TOTAL - doneAtStop.size);

  // The next start takes the rest; every job ran exactly once across both runs.
  const second = startWorkers({ override });
  const records = await waitFor(async () => {
    const r = await readRecords();
    return new Set(r.map((x) => x.jobId)).size >= TOTAL ? r : null;
  }, 180_000, `all ${TOTAL} jobs done after the restart`);
  expect(ids.filter((id) => !records.some((r) => r.jobId === id))).toEqual([]);
  expect(records.length - new Set(records.map((r) => r.jobId)).size, "duplicates").toBe(0);
  console.log(`[chaos:sigterm] after the second start: ${records.length} records, ${new Set(records.map((r) => r.jobId)).size} distinct, 0 lost`);
  expect(await second.stop("SIGTERM", 60_000)).toBe(0);
}, 300_000);
