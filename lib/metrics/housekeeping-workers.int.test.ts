// Issue 6 "Done when": a snapshot is taken once per minute with two `workers`
// processes running — the real entrypoint (workers/main.ts) on two hosts, each
// upserting the housekeeping schedulers and running its housekeeping worker, with
// the period shortened to 500 ms (horizon.workers.housekeepingEveryMs). Three closed
// minutes hold measurements before they start; over many runs by either host each
// minute must get exactly one snapshot point with its own count.
// (housekeeping.int.test.ts covers minutes rolling over, with a warped clock.)
import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "@/workers/testing/harness";
import { closeQueues, getQueue } from "../queue";
import { HOUSEKEEPING_QUEUE } from "./housekeeping";
import { metricsKeys, MINUTE_MS, minuteOf } from "./keys";
import { recordJobFinished } from "./record-job";
import { closeMetricsRedis, metricsRedis } from "./redis";
import type { QueueSnapshot, SnapshotResult } from "./snapshots";

const EVERY_MS = 500;
const QUEUE = `hk-${randomUUID().slice(0, 6)}`;

afterAll(async () => {
  destroyAllWorkers();
  await closeMetricsRedis();
  await closeQueues();
});

it("two workers processes: one scheduler, at most one snapshot job per period, one point per minute", async () => {
  // Minutes 4, 3 and 2 before the current one (closed), with 1, 2 and 3 jobs.
  const minutes = [4, 3, 2].map((back) => minuteOf(Date.now()) - back * MINUTE_MS);
  for (const [i, at] of minutes.entries()) {
    for (let j = 0; j <= i; j++) {
      await recordJobFinished({ queue: QUEUE, name: "HkWorkersProbe", jobId: `${i}-${j}`, outcome: "completed", runtimeMs: 10, waitMs: 5, finishedAt: at + 1_000 });
    }
  }
  const override = supervisors({ main: { queue: ["default"], balance: "simple", processes: 1 } }, { housekeepingEveryMs: EVERY_MS });
  const hosts = [startWorkers({ override, host: "hk-a" }), startWorkers({ override, host: "hk-b" })];
  await Promise.all(hosts.map((h) => h.waitForLog((l) => /^master .* running/.test(l.msg), 120_000, "master running")));
  const bothUp = Date.now();
  const housekeeping = getQueue(HOUSEKEEPING_QUEUE);
  const snapshotJobs = async () => (await housekeeping.getJobs(["completed"], 0, -1)).filter((j) => j.name === "metrics.snapshot");
  // Both hosts run for at least eight periods together.
  await waitFor(async () => Date.now() - bothUp >= 8 * EVERY_MS && (await snapshotJobs()).length >= 6, 60_000, "six snapshot runs");
  expect(await Promise.all(hosts.map((h) => h.stop()))).toEqual([0, 0]);

  // Both hosts upserted the same scheduler ids: one scheduler per task, the snapshot's at the shortened period.
  const schedulers = await housekeeping.getJobSchedulers();
  expect(new Set(schedulers.map((s) => s.key)).size).toBe(schedulers.length);
  expect(schedulers.filter((s) => s.key === "metrics.snapshot").map((s) => s.every)).toEqual([EVERY_MS]);
  // One job per period (the id ends with the period's time), never two for one period.
  const runs = (await snapshotJobs()).sort((a, b) => a.timestamp - b.timestamp);
  const periods = runs.map((j) => Number(j.id!.split(":").at(-1)));
  expect(new Set(periods).size).toBe(runs.length);
  for (let i = 1; i < periods.length; i++) expect(periods[i] - periods[i - 1]).toBeGreaterThanOrEqual(EVERY_MS);
  // No minute was claimed by two runs (of the runs BullMQ still keeps: the last 100 housekeeping jobs).
  const claimed = runs.flatMap((j) => (j.returnvalue as SnapshotResult).minutes);
  expect(new Set(claimed).size).toBe(claimed.length);
  // Exactly one point per minute for the queue, each with its own count.
  const points = (await metricsRedis().zrange(metricsKeys.queueSnapshots(QUEUE), 0, -1)).map((p) => JSON.parse(p) as QueueSnapshot);
  expect(new Set(points.map((p) => p.at)).size).toBe(points.length);
  expect(minutes.map((m) => points.filter((p) => p.at === m).map((p) => p.throughput))).toEqual([[1], [2], [3]]);
  console.log(`housekeeping: ${runs.length} snapshot runs by two workers processes in ${Date.now() - bothUp} ms; ${claimed.length} minutes claimed once each`);
}, 150_000);
