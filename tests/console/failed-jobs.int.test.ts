// Route handlers of the Failed jobs screen against the real archive: filters,
// keyset pagination, grouping by normalized error, the dry-run preview, the
// chunked bulk retry, single retry, forget and flush — each mutation audited.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues, getQueue, recordFailure } from "@/lib/queue";
import { closeConsoleRedis } from "@/lib/console/redis";
import { errorGroupOf, errorGroupSql } from "@/lib/db/queries/error-group";
import { backfillErrorGroups } from "@/lib/db/queries/failed-jobs";
import { failedGroups } from "@/lib/db/queries/failed-groups";
import { GET as list } from "@/app/api/failed-jobs/route";
import { GET as groups } from "@/app/api/failed-jobs/groups/route";
import { GET as facets } from "@/app/api/failed-jobs/facets/route";
import { GET as preview, POST as retryBulk } from "@/app/api/failed-jobs/retry/route";
import { GET as flushPreview, POST as flush } from "@/app/api/failed-jobs/flush/route";
import { GET as detail } from "@/app/api/failed-jobs/[uuid]/route";
import { POST as retryOne } from "@/app/api/failed-jobs/[uuid]/retry/route";
import { POST as forget } from "@/app/api/failed-jobs/[uuid]/forget/route";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

let admin: TestUser;
let viewer: TestUser;
const T0 = Date.parse("2026-01-10T12:00:00Z");

async function fail(queue: string, jobName: string, message: string, opts: { cls?: string; attempts?: number; at?: number; payload?: unknown } = {}) {
  const error = new Error(message);
  if (opts.cls) error.name = opts.cls;
  return recordFailure({
    connection: "redis",
    queue,
    jobId: randomUUID().slice(0, 8),
    jobName,
    payload: opts.payload ?? { n: 1 },
    error,
    attempts: opts.attempts ?? 3,
    failReason: "max_tries",
    failedAt: new Date(opts.at ?? T0),
  });
}

beforeAll(async () => {
  admin = await createUser("ADMIN");
  viewer = await createUser("VIEWER");
  // 30 "Call <id> not found" in emails, 12 timeouts in sms, 5 permanent ZodErrors, 2 with too many attempts.
  for (let i = 0; i < 30; i++) await fail("emails", "SendEmail", `Call ${randomUUID()} not found`, { at: T0 + i * 1000 });
  for (let i = 0; i < 12; i++) await fail("sms", "SendSms", `Request timed out after ${1000 + i} ms`, { cls: "TimeoutError", at: T0 + i * 500 });
  for (let i = 0; i < 5; i++) await fail("emails", "SendEmail", `payload.to: expected string, got ${i}`, { cls: "ZodError", at: T0 - 10_000 });
  for (let i = 0; i < 2; i++) await fail("sms", "SendSms", "gateway refused 42 times", { attempts: 10, at: T0 - 20_000 });
});

afterAll(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
  await closeQueues();
  await closeConsoleRedis();
});

describe("GET /api/failed-jobs", () => {
  it("pages newest first with a keyset cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let lastAt = Infinity;
    do {
      const res = await call(list, "GET", "/x", { user: viewer, query: { limit: 20, cursor } });
      expect(res.status).toBe(200);
      for (const r of res.body.rows) {
        expect(Date.parse(r.failedAt)).toBeLessThanOrEqual(lastAt);
        lastAt = Date.parse(r.failedAt);
        seen.push(r.uuid);
      }
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(49);
  });

  it("filters by queue, job name, exception class, date range and text", async () => {
    const q = async (query: Record<string, string>) => (await call(list, "GET", "/x", { user: viewer, query: { limit: 200, ...query } })).body.rows;
    expect(await q({ queue: "sms" })).toHaveLength(14);
    expect(await q({ jobName: "SendEmail" })).toHaveLength(35);
    expect(await q({ exceptionClass: "TimeoutError" })).toHaveLength(12);
    expect(await q({ q: "timed out after 1005" })).toHaveLength(1);
    expect(await q({ from: new Date(T0).toISOString(), to: new Date(T0 + 5_000).toISOString() })).toHaveLength(6 + 11);
  });

  it("lists the filter menus' values", async () => {
    const res = await call(facets, "GET", "/x", { user: viewer });
    expect(res.body).toEqual({ queues: ["emails", "sms"], jobNames: ["SendEmail", "SendSms"], exceptionClasses: ["Error", "TimeoutError", "ZodError"] });
  });
});

describe("GET /api/failed-jobs/groups", () => {
  it("groups by normalized error with counts, first/last seen and a sample", async () => {
    const res = await call(groups, "GET", "/x", { user: viewer });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(49);
    const summary = res.body.groups.map((g: any) => [g.exceptionClass, g.errorGroup, g.count]);
    expect(summary).toEqual([
      ["Error", "Call <uuid> not found", 30],
      ["TimeoutError", "Request timed out after <n> ms", 12],
      ["ZodError", "payload.to: expected string, got <n>", 5],
      ["Error", "gateway refused <n> times", 2],
    ]);
    const calls = res.body.groups[0];
    expect(calls.firstSeen).toBe(new Date(T0).toISOString());
    expect(calls.lastSeen).toBe(new Date(T0 + 29_000).toISOString());
    expect(calls.sample.message).toMatch(/^Call .* not found$/);
  });

  it("narrows to one group, and the group list follows the filters", async () => {
    const one = await call(list, "GET", "/x", { user: viewer, query: { exceptionClass: "TimeoutError", errorGroup: "Request timed out after <n> ms", limit: 200 } });
    expect(one.body.rows).toHaveLength(12);
    const sms = await call(groups, "GET", "/x", { user: viewer, query: { queue: "sms" } });
    expect(sms.body.groups.map((g: any) => g.count)).toEqual([12, 2]);
  });

  it("counts the same groups walking the group index (keyed) as hashing the rows, and falls back past the key limit", async () => {
    const filters = [{}, { exceptionClass: "TimeoutError" }, { errorGroup: "Call <uuid> not found" }, { from: new Date(T0), to: new Date(T0 + 5_000) }, { includeRetried: true }, { exceptionClass: "None" }];
    for (const f of filters) {
      const hashed = await failedGroups(f, 100, prisma(), { shape: "hashed" });
      expect(await failedGroups(f, 100, prisma(), { shape: "keyed" })).toEqual(hashed);
      // 4 keys exist: a walk allowed 2 gives up and asks the hash aggregate.
      expect(await failedGroups(f, 100, prisma(), { shape: "keyed", maxKeys: 2 })).toEqual(hashed);
    }
    expect((await failedGroups({}, 100, prisma(), { shape: "keyed" })).groups.map((g) => g.count)).toEqual([30, 12, 5, 2]);
    // A filter the index cannot answer is hashed whatever is asked.
    const sms = await failedGroups({ queue: "sms" }, 100, prisma(), { shape: "keyed" });
    expect(sms.groups.map((g) => g.count)).toEqual([12, 2]);
  });

  it("stores the groups of rows recorded without one (backfill), and groups the same before and after", async () => {
    const stored = (await call(groups, "GET", "/x", { user: viewer })).body.groups;
    // recordFailure groups at write time; rows archived before it did have "" — make every row such a row.
    await prisma().failedJob.updateMany({ where: { prefix: env().REDIS_PREFIX }, data: { errorGroup: "" } });
    const before = (await call(groups, "GET", "/x", { user: viewer })).body.groups;
    expect(before).toEqual(stored);
    await backfillErrorGroups();
    const blank = await prisma().failedJob.count({ where: { prefix: env().REDIS_PREFIX, errorGroup: "" } });
    expect(blank).toBe(0);
    const timeout = await prisma().failedJob.findFirst({ where: { prefix: env().REDIS_PREFIX, queue: "sms", exceptionClass: "TimeoutError" } });
    expect(timeout?.errorGroup).toBe("Request timed out after <n> ms");
    expect((await call(groups, "GET", "/x", { user: viewer })).body.groups).toEqual(before);
  });

  it("normalizes in SQL exactly as in TypeScript (rows without a stored group)", async () => {
    const samples = [
      "Call 3f2a1b2c-1111-2222-3333-444455556666 not found",
      "connect ECONNREFUSED 10.0.0.5:5432",
      "Customer 'john' has no email john.doe+x@example.com",
      "token abcdef1234567890abc expired after 30.5s",
      'Job "ProcessPayment" payload is invalid',
      "  many    spaces\tand 7 numbers ",
    ];
    for (const s of samples) {
      const [row] = await prisma().$queryRawUnsafe<{ g: string }[]>(`SELECT ${errorGroupSql("$1::text")} AS g`, s);
      expect(row.g).toBe(errorGroupOf(s));
    }
  });
});

describe("bulk retry", () => {
  it("previews: retry N, skip the permanent failures and those with too many attempts", async () => {
    const res = await call(preview, "GET", "/x", { user: viewer });
    expect(res.body).toEqual({ total: 49, retry: 42, skip: { permanent_failure: 5, too_many_attempts: 2 }, alreadyRetried: 0 });
    const sms = await call(preview, "GET", "/x", { user: viewer, query: { queue: "sms" } });
    expect(sms.body).toMatchObject({ total: 14, retry: 12 });
  });

  it("applies a filter's retry in chunks until done, enqueuing each row once, audited per chunk", async () => {
    const filter = { queue: "sms" };
    expect((await call(retryBulk, "POST", "/x", { user: viewer, body: { filter } })).status).toBe(403);
    let cursor: string | undefined;
    let retried = 0;
    let skipped = 0;
    let chunks = 0;
    for (;;) {
      const res = await call(retryBulk, "POST", "/x", { user: admin, body: { filter, cursor, size: 5 } });
      expect(res.status).toBe(200);
      retried += res.body.retried;
      skipped += res.body.skipped.length;
      chunks++;
      if (res.body.done) break;
      cursor = res.body.nextCursor;
    }
    expect([retried, skipped, chunks]).toEqual([12, 2, 3]);
    expect(await getQueue("sms").getWaitingCount()).toBe(12);
    // Retried rows leave the list; the skipped ones stay.
    const left = await call(list, "GET", "/x", { user: viewer, query: { queue: "sms" } });
    expect(left.body.rows).toHaveLength(2);
    const entries = (await auditOf(admin)).filter((a) => a.action === "failed-job.retry-bulk");
    expect(entries).toHaveLength(3);
    expect(entries.reduce((s, e) => s + Number((e.details as any).retried), 0)).toBe(12);
  });

  it("retries exactly the selected rows", async () => {
    const rows = (await call(list, "GET", "/x", { user: viewer, query: { queue: "emails", exceptionClass: "Error", limit: 3 } })).body.rows;
    const uuids = rows.map((r: any) => r.uuid);
    const p = await call(preview, "GET", "/x", { user: viewer, query: { uuids: uuids.join(",") } });
    expect(p.body).toMatchObject({ total: 3, retry: 3 });
    const res = await call(retryBulk, "POST", "/x", { user: admin, body: { uuids } });
    expect(res.body).toMatchObject({ retried: 3, processed: 3, done: true });
    const again = await call(preview, "GET", "/x", { user: viewer, query: { uuids: uuids.join(",") } });
    expect(again.body).toMatchObject({ total: 0, alreadyRetried: 3 });
  });
});

describe("one failed job", () => {
  it("detail, retry (then 409 on a second retry), forget — audited", async () => {
    // A payload today's ProcessRetellWebhook refuses is skipped with the reason, nothing enqueued.
    const invalid = await fail("webhooks", "ProcessRetellWebhook", "bad envelope", { payload: { not: "an envelope" } });
    const refused = await call(retryOne, "POST", "/x", { user: admin, params: { uuid: invalid.uuid } });
    expect([refused.status, refused.body.error.details.reason]).toEqual([409, expect.stringMatching(/^payload_invalid/)]);

    const row = await fail("imports", "ImportCsv", "boom <script>alert(1)</script>", { payload: { big: "y".repeat(100_000) } });
    const d = await call(detail, "GET", "/x", { user: viewer, params: { uuid: row.uuid } });
    expect(d.body).toMatchObject({ uuid: row.uuid, message: "boom <script>alert(1)</script>", payloadTruncated: true, errorGroup: "boom <script>alert(<n>)</script>" });
    expect((await call(retryOne, "POST", "/x", { user: viewer, params: { uuid: row.uuid } })).status).toBe(403);
    const r = await call(retryOne, "POST", "/x", { user: admin, params: { uuid: row.uuid } });
    expect(r.status).toBe(200);
    expect(await getQueue("imports").getJob(r.body.jobId)).toBeDefined();
    const twice = await call(retryOne, "POST", "/x", { user: admin, params: { uuid: row.uuid } });
    expect([twice.status, twice.body.error.details.reason]).toEqual([409, "already_retried"]);
    expect((await call(forget, "POST", "/x", { user: admin, params: { uuid: row.uuid } })).status).toBe(200);
    expect((await call(detail, "GET", "/x", { user: viewer, params: { uuid: row.uuid } })).status).toBe(404);
    expect((await call(forget, "POST", "/x", { user: admin, params: { uuid: row.uuid } })).status).toBe(404);
    const actions = (await auditOf(admin)).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining([`failed-job.retry failed-job:${row.uuid}`, `failed-job.forget failed-job:${row.uuid}`]));
  });

  it("flush: counts first, deletes on confirmation, audited", async () => {
    const before = await call(flushPreview, "GET", "/x", { user: viewer, query: { queue: "emails" } });
    expect(before.body.affects).toBe(35);
    expect((await call(flush, "POST", "/x", { user: viewer, body: { queue: "emails", expected: 35 } })).status).toBe(403);
    const res = await call(flush, "POST", "/x", { user: admin, body: { queue: "emails", expected: 35 } });
    expect(res.body).toEqual({ deleted: 35 });
    expect((await call(flushPreview, "GET", "/x", { user: viewer, query: { queue: "emails" } })).body.affects).toBe(0);
    const entry = (await auditOf(admin)).find((a) => a.action === "failed-job.flush");
    expect(entry).toMatchObject({ target: "failed-jobs:queue:emails", details: { queue: "emails", expected: 35 } });
  });
});
