// recordFailure archives a failure already grouped: the Failed jobs screen's grouped view
// reads FailedJob.errorGroup from its index, so a new row must not wait for the backfill.
// And one job run is archived once, however often it is recorded.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../db/client";
import { errorGroupOf, errorGroupSql } from "../db/queries/error-group";
import { env } from "../env";
import { recordFailure } from "./failed-jobs";

afterAll(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
});

const archive = (message: string) =>
  recordFailure({ connection: "redis", queue: "emails", jobId: randomUUID(), jobName: "SendEmail", payload: {}, error: new Error(message), attempts: 3, failReason: "max_tries" });

describe("recordFailure", () => {
  it("stores the failure's error group in the same write", async () => {
    const row = await archive(`Call ${randomUUID()} not found for customer 4711`);
    const stored = await prisma().failedJob.findUniqueOrThrow({ where: { uuid: row.uuid }, select: { errorGroup: true } });
    expect([row.errorGroup, stored.errorGroup]).toEqual(["Call <uuid> not found for customer <n>", "Call <uuid> not found for customer <n>"]);
  });

  it("groups the message as archived (truncated), as the SQL rules for old rows would", async () => {
    const row = await archive(`quota ${"x".repeat(5_000)} 42`);
    const [sql] = await prisma().$queryRawUnsafe<{ g: string }[]>(`SELECT ${errorGroupSql("message")} AS g FROM "FailedJob" WHERE uuid = $1::uuid`, row.uuid);
    expect(row.errorGroup).toBe(errorGroupOf(row.message));
    expect(row.errorGroup).toBe(sql.g);
  });
});

describe("recordFailure of a job run", () => {
  const ofRun = (jobId: string, run: string | undefined, message = "boom") =>
    recordFailure({ connection: "redis", queue: "emails", jobId, jobName: "SendEmail", payload: {}, error: new Error(message), attempts: 1, failReason: "stalled", run });
  const count = (jobId: string) => prisma().failedJob.count({ where: { prefix: env().REDIS_PREFIX, jobId } });

  it("archived again (the sweeper after a crash before the mark) returns the row already there, adding none", async () => {
    const jobId = randomUUID();
    const first = await ofRun(jobId, "1764300000000");
    const again = await ofRun(jobId, "1764300000000", "boom, seen by the sweeper");
    expect(again.uuid).toBe(first.uuid);
    expect(again.message).toBe("boom");
    expect(await count(jobId)).toBe(1);
  });

  it("keeps a row per run: a job retried in place that fails again is archived again", async () => {
    const jobId = randomUUID();
    const [a, b] = [await ofRun(jobId, "1764300000000"), await ofRun(jobId, "1764300009999")];
    expect(a.uuid).not.toBe(b.uuid);
    expect(await count(jobId)).toBe(2);
  });

  it("recorded at the same moment by two processes still yields one row, the same to both", async () => {
    const jobId = randomUUID();
    const rows = await Promise.all(Array.from({ length: 6 }, () => ofRun(jobId, "1764300000000")));
    expect(new Set(rows.map((r) => r.uuid)).size).toBe(1);
    expect(await count(jobId)).toBe(1);
  });

  it("without a run (rows from before runs were stored, the demo seed) never conflicts", async () => {
    const jobId = randomUUID();
    await ofRun(jobId, undefined);
    await ofRun(jobId, undefined);
    expect(await count(jobId)).toBe(2);
  });
});
