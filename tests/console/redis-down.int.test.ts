// The console's Redis-backed routes with Redis unreachable: 503 with Retry-After, at once, never a
// 500 or a request held until Redis returns. REDIS_URL points at a port nothing listens on before
// anything reads env(); PostgreSQL (sessions, audit) is up.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GuardedHandler } from "@/lib/http/route";
import { call, createUser, removeUsers, type TestUser } from "./route-harness";
import { closedPort } from "../closed-port";

let admin: TestUser;
const routes: Record<string, GuardedHandler> = {};

beforeAll(async () => {
  process.env.REDIS_URL = `redis://127.0.0.1:${await closedPort()}/1`;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  admin = await createUser("ADMIN");
  routes.pause = (await import("@/app/api/queues/[name]/pause/route")).POST;
  routes.job = (await import("@/app/api/jobs/[queue]/[id]/route")).GET;
  routes.retry = (await import("@/app/api/jobs/[queue]/[id]/retry/route")).POST;
  routes.queues = (await import("@/app/api/queues/route")).GET;
  // What Next runs when the server starts: it opens the connections, whose first refused connect
  // (milliseconds on a closed local port) tells the first request that Redis is down.
  const { register } = await import("@/instrumentation");
  process.env.NEXT_RUNTIME = "nodejs";
  await register();
  await new Promise((r) => setTimeout(r, 300));
});

afterAll(async () => {
  await removeUsers();
  const { closeQueues } = await import("@/lib/queue");
  const { closeConsoleRedis } = await import("@/lib/console/redis");
  await Promise.race([Promise.all([closeQueues(), closeConsoleRedis()]), new Promise((r) => setTimeout(r, 1_000))]);
});

for (const [label, route, method, path, params, withinMs] of [
  ["pause a queue", "pause", "POST", "/api/queues/default/pause", { name: "default" }, 1_000],
  ["a job's detail", "job", "GET", "/api/jobs/default/1", { queue: "default", id: "1" }, 1_000],
  ["retry a job", "retry", "POST", "/api/jobs/default/1/retry", { queue: "default", id: "1" }, 1_000],
  ["the queue list", "queues", "GET", "/api/queues", {}, 1_000],
  ["an unconfigured queue's job", "job", "GET", "/api/jobs/elsewhere/1", { queue: "elsewhere", id: "1" }, 1_000],
] as const) {
  it(`${label}: 503 service_unavailable with Retry-After, within ${withinMs} ms`, async () => {
    const started = Date.now();
    const res = await call(routes[route], method, path, { user: admin, params });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("service_unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(withinMs);
  });
}

it("the audit log holds each attempted action as failed, with why; none as done", async () => {
  const { auditOf } = await import("./route-harness");
  const entries = await auditOf(admin);
  expect(entries.map((e) => e.action).sort()).toEqual(["job.retry", "queue.pause"]);
  for (const e of entries) expect(e.details).toMatchObject({ outcome: "failed", error: expect.stringMatching(/Redis/) });
});
