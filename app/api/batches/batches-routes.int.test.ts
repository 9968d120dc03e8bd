// The Batches console routes: viewer reads, admin acts (a viewer gets 403), 404 for an
// unknown batch, pagination, and one AuditLog row per mutation.
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { createUser } from "@/lib/auth/users";
import { prisma } from "@/lib/db/client";
import { closeQueues, configureFailureAlerts, createQueueWorker, defineJob, type QueueWorker } from "@/lib/queue";
import { batchJob, batchProgress, createBatch } from "@/lib/queue/batches";
import { uniqueName, waitFor } from "@/lib/queue/test-support";
import { GET as listRoute } from "./route";
import { GET as showRoute } from "./[id]/route";
import { POST as cancelRoute } from "./[id]/cancel/route";
import { POST as retryRoute } from "./[id]/retry/route";
import { POST as retryFailedRoute } from "./[id]/retry-failed/route";

const users: { id: string; cookie: string; email: string }[] = [];
let admin: (typeof users)[number];
let viewer: (typeof users)[number];
let worker: QueueWorker;
const failNow = new Set<number>([1]);

const Job = defineJob({
  name: uniqueName("route-batch-job"),
  queue: "default",
  payload: z.object({ n: z.number() }),
  handle: ({ payload }) => {
    if (failNow.has(payload.n)) throw new UnrecoverableError(`n=${payload.n} failed`);
    return payload.n;
  },
});

async function signedIn(role: "ADMIN" | "VIEWER") {
  const email = `batches-${role.toLowerCase()}-${randomUUID().slice(0, 8)}@switchyard.test`;
  const user = await createUser({ email, password: `pw-${randomUUID()}`, role });
  const token = await encode({ token: { sub: user.id, email, role }, secret: authSecret() });
  const u = { id: user.id, email, cookie: `${sessionCookieName()}=${token}` };
  users.push(u);
  return u;
}

const request = (method: string, path: string, cookie?: string, body?: unknown) =>
  new Request(`http://127.0.0.1:3100${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  configureFailureAlerts({ windowMs: 60_000, gatherMs: 60_000 });
  [admin, viewer] = [await signedIn("ADMIN"), await signedIn("VIEWER")];
  worker = createQueueWorker("default", { concurrency: 4 });
});

afterAll(async () => {
  await worker.close();
  await configureFailureAlerts({}).close();
  await closeQueues();
  await prisma().auditLog.deleteMany({ where: { actorId: { in: users.map((u) => u.id) } } });
  await prisma().user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
});

describe("/api/batches", () => {
  it("lists newest first for a viewer, paginated; anonymous gets 401", async () => {
    const a = await createBatch({ name: "route list a", queue: "default", jobs: [batchJob(Job, { n: 10 })] });
    await new Promise((r) => setTimeout(r, 5));
    const b = await createBatch({ name: "route list b", queue: "default", jobs: [batchJob(Job, { n: 11 })] });
    expect((await listRoute(request("GET", "/api/batches"))).status).toBe(401);
    const res = await listRoute(request("GET", "/api/batches?perPage=1", viewer.cookie));
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.batches.map((x: { id: string }) => x.id)).toEqual([b]);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await (await listRoute(request("GET", `/api/batches?perPage=1&cursor=${page.nextCursor}`, viewer.cookie))).json();
    expect(next.batches[0].id).toBe(a);
    expect((await listRoute(request("GET", "/api/batches?perPage=1000", viewer.cookie))).status).toBe(400);
  });

  it("shows one batch with the monitor's fields; 404 for an unknown id", async () => {
    const id = await createBatch({ name: "route show", queue: "default", allowFailures: true, jobs: [0, 1, 2].map((n) => batchJob(Job, { n })) });
    await waitFor(async () => (await batchProgress(id))?.finished);
    const res = await showRoute(request("GET", `/api/batches/${id}`, viewer.cookie), params(id));
    expect(res.status).toBe(200);
    const { batch } = await res.json();
    expect(batch).toMatchObject({
      id, name: "route show", totalJobs: 3, pendingJobs: 0, failedJobs: 1, failedJobIds: [expect.stringContaining(id)],
      progress: 100, finished: true, cancelled: false, createdAt: expect.any(Number), finishedAt: expect.any(Number),
    });
    const missing = await showRoute(request("GET", "/api/batches/nope", viewer.cookie), params("nope"));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("batch_not_found");
  });

  it("retry with a misspelt key (jobids): 400 naming it, nothing retried — not every failed job", async () => {
    failNow.add(9);
    const id = await createBatch({ name: "route retry typo", queue: "default", allowFailures: true, jobs: [8, 9].map((n) => batchJob(Job, { n })) });
    await waitFor(async () => (await batchProgress(id))?.finished);
    failNow.delete(9);
    const res = await retryFailedRoute(request("POST", `/api/batches/${id}/retry-failed`, admin.cookie, { jobids: ["x"] }), params(id));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("jobids");
    expect(await batchProgress(id)).toMatchObject({ failedJobs: 1 });
  });

  it("retry: viewer 403; admin retries the failed jobs, the counters move back, one audit row", async () => {
    failNow.add(7);
    const id = await createBatch({ name: "route retry", queue: "default", allowFailures: true, jobs: [5, 6, 7].map((n) => batchJob(Job, { n })) });
    await waitFor(async () => (await batchProgress(id))?.finished);
    expect((await retryRoute(request("POST", `/api/batches/${id}/retry`, viewer.cookie), params(id))).status).toBe(403);
    failNow.delete(7);
    const res = await retryFailedRoute(request("POST", `/api/batches/${id}/retry-failed`, admin.cookie), params(id));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.retried).toHaveLength(1);
    await waitFor(async () => {
      const b = await batchProgress(id);
      return b?.finished && b.failedJobs === 0;
    });
    const audit = await prisma().auditLog.findMany({ where: { actorId: admin.id, target: `batch:${id}` } });
    expect(audit).toMatchObject([{ action: "batch.retry-failed", actorEmail: admin.email, details: { retried: 1, notRetried: 0, outcome: "done" } }]);
  });

  it("cancel: viewer 403; admin cancels a running batch (audited), a finished one answers 409", async () => {
    const paused = await createBatch({ name: "route cancel", queue: "reports", jobs: [batchJob(Job, { n: 20 })] }); // no worker on `reports`
    expect((await cancelRoute(request("POST", `/api/batches/${paused}/cancel`, viewer.cookie), params(paused))).status).toBe(403);
    const res = await cancelRoute(request("POST", `/api/batches/${paused}/cancel`, admin.cookie), params(paused));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cancelled: true, alreadyCancelled: false, batch: { cancelled: true, cancelledAt: expect.any(Number) } });
    const audit = await prisma().auditLog.findMany({ where: { actorId: admin.id, target: `batch:${paused}` } });
    expect(audit).toMatchObject([{ action: "batch.cancel", details: { alreadyCancelled: false } }]);

    const done = await createBatch({ name: "route cancel done", queue: "default", jobs: [batchJob(Job, { n: 21 })] });
    await waitFor(async () => (await batchProgress(done))?.finished);
    expect((await cancelRoute(request("POST", `/api/batches/${done}/cancel`, admin.cookie), params(done))).status).toBe(409);
  });
});
