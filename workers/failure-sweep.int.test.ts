// The failure sweep of the real `workers` process takes its period and grace from the config
// (`horizon.workers.failureSweep`): with both at 1 s, a job another process failed without
// archiving it (its worker died) is archived within seconds — under the defaults (every 60 s,
// 2 min grace) nothing would be for two minutes. The supervisor is paused so that its own
// worker processes take no job: the sweep runs in paused processes too.
import { afterAll, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues, dispatch } from "@/lib/queue";
import { failWithoutTheRuntime } from "@/lib/queue/testing/unarchived-failure";
import { createRedis, key } from "@/lib/redis/connection";
import { controlWorkers } from "@/lib/supervisor/control";
import { listSupervisors } from "@/lib/supervisor/heartbeats";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";
import { testRecord } from "./testing/fixture-jobs";

const redis = createRedis();
afterAll(async () => {
  destroyAllWorkers();
  await closeQueues();
  await redis.quit();
});

it("a failure nobody archived is archived after the configured grace, on the configured period", async () => {
  const queue = "imports"; // a configured queue; this file's own Redis prefix keeps it apart from other files
  await redis.del(key("failure-sweep", queue, "watermark"), key("failure-sweep", queue, "pass"));
  const w = startWorkers({ override: supervisors({ sw: { queue: [queue], balance: "simple", processes: 1 } }, { failureSweep: { everySeconds: 1, graceSeconds: 1 } }) });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "first worker process");
  await waitFor(() => redis.exists(key("failure-sweep", queue, "watermark")), 15_000, "the first sweep pass");
  await controlWorkers(redis, { type: "pause" }, { supervisor: "sw" });
  await waitFor(async () => (await listSupervisors(redis)).find((s) => s.supervisor === "sw")?.status === "paused", 20_000, "supervisor paused");

  // A worker that is not the runtime's fails the job and archives nothing, as one killed mid-way would leave it.
  const jobId = await dispatch(testRecord, { n: 1 }, { queue });
  await failWithoutTheRuntime(queue, 1);
  const failedAt = Date.now();

  const row = await waitFor(() => prisma().failedJob.findFirst({ where: { prefix: env().REDIS_PREFIX, queue, jobId } }), 15_000, "the archive row");
  expect(row).toMatchObject({ failReason: "stalled", message: "job stalled more than allowable limit" });
  expect(Date.now() - failedAt).toBeLessThan(15_000);
  expect(await w.stop()).toBe(0);
}, 180_000);
