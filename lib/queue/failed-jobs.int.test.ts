// recordFailure archives a failure already grouped: the Failed jobs screen's grouped view
// reads FailedJob.errorGroup from its index, so a new row must not wait for the backfill.
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
