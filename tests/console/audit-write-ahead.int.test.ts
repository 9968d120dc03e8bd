// Console changes PostgreSQL cannot commit with their audit entry (here: pause, promote, in Redis)
// are audited ahead: no change without an entry, an entry per change saying how it ended, and no
// entry for a change that was refused. The audit write is made to fail for real by a PostgreSQL
// trigger on this test's own queue name.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { POST as pause } from "@/app/api/queues/[name]/pause/route";
import { POST as promote } from "@/app/api/jobs/[queue]/[id]/promote/route";
import { prisma } from "@/lib/db/client";
import { closeQueues, defineJob, dispatch, getQueue } from "@/lib/queue";
import { closeConsoleRedis } from "@/lib/console/redis";
import { uniqueName } from "@/lib/queue/test-support";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
const refusedQueue = `audit-refused-${suffix}`;
const trigger = `sy_test_refuse_audit_${suffix}`;
let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("ADMIN");
  getQueue(refusedQueue); // a queue that exists in Redis (its meta key), so the route accepts the name
  await prisma().$executeRawUnsafe(`CREATE FUNCTION ${trigger}() RETURNS trigger AS $$
    BEGIN IF NEW.target = 'queue:${refusedQueue}' THEN RAISE EXCEPTION 'audit entry refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
  await prisma().$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
});

afterAll(async () => {
  await prisma().$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "AuditLog"`);
  await prisma().$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
  await removeUsers();
  await closeConsoleRedis();
  await closeQueues();
});

it("an audit entry PostgreSQL will not take: the change is not made", async () => {
  const res = await call(pause, "POST", `/api/queues/${refusedQueue}/pause`, { user: admin, params: { name: refusedQueue } });
  expect(res.status).toBeGreaterThanOrEqual(500);
  expect(await getQueue(refusedQueue).isPaused()).toBe(false);
});

it("a change made: one entry, done", async () => {
  const queue = `audit-done-${suffix}`;
  getQueue(queue);
  expect((await call(pause, "POST", `/api/queues/${queue}/pause`, { user: admin, params: { name: queue } })).status).toBe(200);
  expect(await getQueue(queue).isPaused()).toBe(true);
  const entries = (await auditOf(admin)).filter((e) => e.target === `queue:${queue}`);
  expect(entries.map((e) => [e.action, e.details])).toEqual([["queue.pause", { outcome: "done" }]]);
});

it("a change refused (the job is not delayed: 409): no entry", async () => {
  const Waiting = defineJob({ name: uniqueName("audit-waiting"), queue: "low", payload: z.object({}), handle: () => undefined });
  const id = await dispatch(Waiting, {});
  const res = await call(promote, "POST", `/api/jobs/low/${id}/promote`, { user: admin, params: { queue: "low", id } });
  expect(res.status).toBe(409);
  expect((await auditOf(admin)).filter((e) => e.target === `job:low/${id}`)).toEqual([]);
});
