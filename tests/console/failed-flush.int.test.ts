// Flushing archived failures: exactly the rows the admin confirmed, in chunks;
// a count that changed since the preview is a 409 and deletes nothing; a
// misspelt key in a destructive body is a 400 naming it (it used to be dropped:
// {"olderThanHour":24} flushed every age). Real PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { deleteInChunks, FLUSH_CHUNK, flushWhere } from "@/lib/queue/failed-jobs";
import { GET as flushPreview, POST as flush } from "@/app/api/failed-jobs/flush/route";
import { POST as retryBulk } from "@/app/api/failed-jobs/retry/route";
import { POST as forget } from "@/app/api/failed-jobs/[uuid]/forget/route";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

let admin: TestUser;
const HOUR = 3_600_000;

/** `n` archived failures in `queue`, failed `ageMs` ago. */
async function seed(queue: string, n: number, ageMs: number): Promise<void> {
  const failedAt = new Date(Date.now() - ageMs);
  await prisma().failedJob.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      prefix: env().REDIS_PREFIX, connection: "redis", queue, jobId: `${queue}-${ageMs}-${i}`, jobName: "SendDigest",
      payload: {}, exceptionClass: "Error", message: "boom", attempts: 1, failReason: "max_tries", failedAt,
    })),
  });
}

const rows = (queue?: string) => prisma().failedJob.count({ where: { prefix: env().REDIS_PREFIX, ...(queue ? { queue } : {}) } });
const post = (body: unknown) => call(flush, "POST", "/api/failed-jobs/flush", { user: admin, body });
const flushActions = async () => (await auditOf(admin)).filter((a) => a.action === "failed-job.flush");

beforeAll(async () => {
  admin = await createUser("ADMIN");
});

beforeEach(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await prisma().auditLog.deleteMany({ where: { actorId: admin.id } });
  await seed("bulk", FLUSH_CHUNK * 2 + 500, 2 * HOUR);
  await seed("bulk", 5, 0);
  await seed("other", 10, 2 * HOUR);
});

afterAll(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
});

describe("POST /api/failed-jobs/flush", () => {
  it("deletes exactly the confirmed rows, in chunks, with one audit row", async () => {
    const preview = await call(flushPreview, "GET", "/x", { user: admin, query: { queue: "bulk", olderThanHours: 1 } });
    expect(preview.body.affects).toBe(2_500);
    const res = await post({ queue: "bulk", olderThanHours: 1, expected: 2_500 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 2_500 });
    expect(await rows("bulk")).toBe(5); // the newer ones
    expect(await rows("other")).toBe(10);
    expect((await flushActions()).map((a) => a.details)).toEqual([{ queue: "bulk", olderThanHours: 1, expected: 2_500 }]);
  });

  it("refuses with 409 when the count differs from the confirmed one, deleting nothing", async () => {
    for (const expected of [2_499, 2_501, 0]) {
      const res = await post({ queue: "bulk", olderThanHours: 1, expected });
      expect(res.status, String(expected)).toBe(409);
    }
    expect((await post({ queue: "bulk", olderThanHours: 1, expected: 2_499 })).body.error).toMatchObject({
      code: "flush_count_changed", details: { matching: 2_500, expected: 2_499 },
    });
    expect(await rows()).toBe(2_515);
    expect(await flushActions()).toEqual([]);
  });

  it("refuses a misspelt key with 400 naming it, deleting nothing", async () => {
    const res = await post({ queue: "bulk", olderThanHour: 1, expected: 2_505 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(JSON.stringify(res.body.error.details)).toContain("olderThanHour");
    expect(await rows()).toBe(2_515);
  });
});

describe("other destructive bodies are strict too", () => {
  it("bulk retry: a misspelt key at the top or in the filter is a 400", async () => {
    for (const body of [{ filtr: { queue: "bulk" } }, { filter: { queu: "bulk" } }]) {
      const res = await call(retryBulk, "POST", "/x", { user: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("chunked deletes", () => {
  it("never delete more than asked, across chunks", async () => {
    const where = flushWhere({ queue: "bulk" });
    expect(await deleteInChunks(where, FLUSH_CHUNK + 250)).toBe(FLUSH_CHUNK + 250);
    expect(await rows("bulk")).toBe(2_505 - FLUSH_CHUNK - 250);
  });
});

describe("POST /api/failed-jobs/:uuid/forget", () => {
  it("deletes the row and writes its audit row together", async () => {
    const row = await prisma().failedJob.findFirstOrThrow({ where: { prefix: env().REDIS_PREFIX, queue: "other" } });
    const res = await call(forget, "POST", "/x", { user: admin, params: { uuid: row.uuid } });
    expect(res.status).toBe(200);
    expect(await rows("other")).toBe(9);
    expect((await auditOf(admin)).map((a) => `${a.action} ${a.target}`)).toEqual([`failed-job.forget failed-job:${row.uuid}`]);
    expect((await call(forget, "POST", "/x", { user: admin, params: { uuid: row.uuid } })).status).toBe(404);
  });
});
