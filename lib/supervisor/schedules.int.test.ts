// Point 9: calendar jobs run from BullMQ job schedulers, one per id however many
// hosts register them. Two "hosts" (two independent Queue connections) register
// the same schedule: one scheduler, one next job.
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { env } from "../env";
import { logger } from "../logger";
import { closeQueues, defineJob, getQueue } from "../queue";
import { createRedis } from "../redis/connection";
import { registerScheduledJobs, SCHEDULED_JOBS, type ScheduledJob } from "./schedules";

defineJob({ name: "test.scheduled-billing", queue: "billing", payload: z.object({}), handle: () => undefined });
const entry: ScheduledJob = { id: "test-monthly", jobName: "test.scheduled-billing", pattern: "0 3 1 * *", tz: "Europe/Berlin", payload: {} };
const log = logger.child({ test: "schedules" });

afterAll(() => closeQueues());

describe("scheduled jobs", () => {
  it("registering on two hosts keeps one scheduler and one next run", async () => {
    expect(await registerScheduledJobs([entry], log)).toEqual({ scheduled: ["test-monthly"], waiting: [] });
    // The second host: its own connection and Queue object, same prefix.
    const other = new Queue("billing", { connection: createRedis(), prefix: env().REDIS_PREFIX });
    await other.upsertJobScheduler(entry.id, { pattern: entry.pattern, tz: entry.tz }, { name: entry.jobName, data: { payload: {}, meta: { dispatchedAt: 0 } } });
    await registerScheduledJobs([entry], log);

    const schedulers = await getQueue("billing").getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(["test-monthly"]);
    expect(schedulers[0]).toMatchObject({ pattern: "0 3 1 * *", tz: "Europe/Berlin" });
    const delayed = await getQueue("billing").getDelayed();
    expect(delayed).toHaveLength(1);
    // The next run is on the 1st of a month, 03:00 Berlin time.
    const next = new Date(delayed[0].timestamp + (delayed[0].opts.delay ?? 0));
    const berlin = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(next);
    expect(berlin).toBe("01, 03:00");
    expect(delayed[0].data).toMatchObject({ payload: {}, meta: expect.objectContaining({ dispatchedAt: expect.any(Number) }) });
    await other.close();
  });

  it("a schedule whose job is not defined yet waits for its owner", async () => {
    const result = await registerScheduledJobs([{ ...entry, id: "test-undefined", jobName: "NoSuchJob" }], log);
    expect(result).toEqual({ scheduled: [], waiting: ["test-undefined"] });
    expect(SCHEDULED_JOBS.map((s) => s.jobName)).toContain("ProcessMonthlyBilling");
  });
});
