// Issue 6 §1 on shutdown: a worker process buffers its measurements (record-job.ts)
// and must write what it still holds when it is stopped gracefully. The flush
// interval is raised to 60 s, so before SIGTERM nothing of the run is in Redis and
// after it every job must be: only the shutdown flush can have written them.
import { afterAll, expect, it } from "vitest";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "@/workers/testing/harness";
import { testRecord } from "@/workers/testing/fixture-jobs";
import { closeQueues, dispatchMany, getQueue } from "../queue";
import { metricsKeys, minuteField, MINUTE_MS, minuteOf, totalsField } from "./keys";
import { closeMetricsRedis, metricsRedis } from "./redis";

const N = 40;

afterAll(async () => {
  destroyAllWorkers();
  await closeMetricsRedis();
  await closeQueues();
});

/** Jobs of `default` counted in the per-minute aggregate over [from, to], and in the cumulative totals. */
async function recorded(from: number, to: number): Promise<{ minutes: number; totals: number }> {
  let minutes = 0;
  for (let m = minuteOf(from); m <= to; m += MINUTE_MS) minutes += Number((await metricsRedis().hget(metricsKeys.minute(m), minuteField("q", "default", "n"))) ?? 0);
  const totals = Number((await metricsRedis().hget(metricsKeys.totals(), totalsField("default", testRecord.name, "c"))) ?? 0);
  return { minutes, totals };
}

it("SIGTERM: the worker processes write the measurements they still buffer before exiting", async () => {
  const w = startWorkers({
    override: supervisors({ main: { queue: ["default"], balance: "simple", processes: 2 } }, { metricsFlushMs: 60_000 }),
  });
  await waitFor(() => w.logs.filter((l) => /worker process \d+ ready/.test(l.msg)).length >= 2, 120_000, "2 worker processes");
  const start = Date.now();
  await dispatchMany(testRecord, Array.from({ length: N }, (_, n) => ({ n })));
  await waitFor(async () => (await getQueue("default").getCompletedCount()) === N, 60_000, `${N} jobs completed`);
  const pids = new Set((await getQueue("default").getJobs(["completed"], 0, -1)).map((j) => (j.returnvalue as { pid: number }).pid));

  // Buffered, not written: the 60 s interval has not passed.
  expect(await recorded(start, Date.now())).toEqual({ minutes: 0, totals: 0 });
  expect(await w.stop("SIGTERM")).toBe(0);
  expect(await recorded(start, Date.now())).toEqual({ minutes: N, totals: N });
  console.log(`shutdown flush: ${N} jobs over ${pids.size} worker process(es), all counted after SIGTERM`);
}, 180_000);
