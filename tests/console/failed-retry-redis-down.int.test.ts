// Retrying archived failures while Redis is down: nothing can be enqueued, so the
// routes answer 503 and every row still waits for its retry. Before, the enqueue
// error became a skip reason: one row answered 409 with ioredis's message, and a
// bulk retry answered 200 done:true, as if it had finished. Redis is reached
// through a TCP proxy the test cuts once the producer is connected (an outage,
// not a Redis that never was); PostgreSQL is up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GuardedHandler } from "@/lib/http/route";
import { tcpProxy, type TcpProxy } from "../chaos/tcp-proxy";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

let proxy: TcpProxy;
let admin: TestUser;
let retryOne: GuardedHandler;
let retryBulk: GuardedHandler;
const uuids: string[] = [];

beforeAll(async () => {
  const { env, resetEnvCache } = await import("@/lib/env");
  const direct = new URL(env().REDIS_URL);
  proxy = await tcpProxy(Number(direct.port || 6379), direct.hostname);
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}${direct.pathname}`;
  resetEnvCache();
  admin = await createUser("ADMIN");
  retryOne = (await import("@/app/api/failed-jobs/[uuid]/retry/route")).POST;
  retryBulk = (await import("@/app/api/failed-jobs/retry/route")).POST;
  const { recordFailure, getQueue } = await import("@/lib/queue");
  for (let i = 0; i < 3; i++) {
    const row = await recordFailure({
      connection: "redis", queue: "default", jobId: `down-${i}`, jobName: "LegacyImport", payload: { i },
      error: new Error("boom"), attempts: 1, failReason: "max_tries",
    });
    uuids.push(row.uuid);
  }
  await getQueue("default").getJobCounts(); // the producer is connected…
  await proxy.cut(); // …and loses Redis
});

afterAll(async () => {
  const { prisma } = await import("@/lib/db/client");
  const { env } = await import("@/lib/env");
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 1_000))]);
  await proxy.close();
});

async function unclaimed(): Promise<number> {
  const { prisma } = await import("@/lib/db/client");
  return prisma().failedJob.count({ where: { uuid: { in: uuids }, retriedAt: null } });
}

describe("archive retry with Redis down", () => {
  it("one row: 503, the row still waits for its retry", async () => {
    const res = await call(retryOne, "POST", `/api/failed-jobs/${uuids[0]}/retry`, { user: admin, params: { uuid: uuids[0]! } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("service_unavailable");
    expect(await unclaimed()).toBe(3);
  });

  it("bulk: 503 (the screen stops and can resume from the same cursor), every row still waits", async () => {
    const res = await call(retryBulk, "POST", "/api/failed-jobs/retry", { user: admin, body: { uuids } });
    expect(res.status).toBe(503);
    expect(await unclaimed()).toBe(3);
    // Audited ahead of the change: the attempts are on record, each saying it failed and why.
    const entries = await auditOf(admin);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.details).toMatchObject({ outcome: "failed", error: expect.any(String) });
  });

  it("once Redis is back, the same bulk retry retries every row", async () => {
    await proxy.restore();
    const { getQueue } = await import("@/lib/queue");
    const { waitFor } = await import("@/lib/queue/test-support");
    const reachable = async () => getQueue("default").getJobCounts().then(() => true); // getQueue throws while down
    await waitFor(() => reachable().catch(() => false), 15_000);
    const res = await call(retryBulk, "POST", "/api/failed-jobs/retry", { user: admin, body: { uuids } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ retried: 3, skipped: [], done: true });
    expect(await unclaimed()).toBe(0);
  });
});
