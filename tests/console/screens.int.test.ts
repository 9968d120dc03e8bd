// Route handlers of the Dashboard, Metrics, Supervisors, Webhooks and Audit
// screens against real Redis + PostgreSQL, with heartbeats and snapshots
// written the way the workers write them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { closeQueues, getQueue, recordFailure } from "@/lib/queue";
import { closeConsoleRedis, consoleRedis } from "@/lib/console/redis";
import { resetQueueDiscovery } from "@/lib/console/queue-list";
import { metricsKeys, minuteOf } from "@/lib/metrics/keys";
import { publishMaster, publishSupervisor } from "@/lib/supervisor/heartbeats";
import { commandsKey } from "@/lib/supervisor/commands";
import { retellEnvelope } from "@/lib/retell/fixtures";
import { GET as dashboard } from "@/app/api/dashboard/route";
import { GET as series } from "@/app/api/dashboard/series/route";
import { GET as metrics } from "@/app/api/dashboard/metrics/route";
import { GET as supervisors } from "@/app/api/supervisors/route";
import { POST as command } from "@/app/api/supervisors/commands/route";
import { GET as events } from "@/app/api/webhooks/events/route";
import { GET as eventDetail } from "@/app/api/webhooks/events/[id]/route";
import { POST as replay } from "@/app/api/webhooks/events/[id]/replay/route";
import { GET as webhookStats } from "@/app/api/webhooks/stats/route";
import { GET as auditLog } from "@/app/api/audit/route";
import { auditOf, call, createUser, removeUsers, type TestUser } from "./route-harness";

let admin: TestUser;
let viewer: TestUser;
const eventIds: string[] = [];
const data = (payload: unknown) => ({ payload, meta: { dispatchedAt: Date.now() } });

beforeAll(async () => {
  admin = await createUser("ADMIN");
  viewer = await createUser("VIEWER");
});

afterAll(async () => {
  await prisma().webhookEvent.deleteMany({ where: { id: { in: eventIds } } });
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
  await closeQueues();
  await closeConsoleRedis();
});

const host = `host-${randomUUID().slice(0, 6)}`;
const master = `${host}-ab12`;

async function heartbeats() {
  const now = Date.now();
  await publishMaster(consoleRedis(), {
    name: master, host, pid: 4242, environment: "local", status: "running", supervisors: [`${master}:supervisor-1`],
    memoryMb: 80, startedAt: now - 60_000, lastSeen: now,
  }, 30_000);
  await publishSupervisor(consoleRedis(), {
    name: `${master}:supervisor-1`, supervisor: "supervisor-1", master, host, pid: 4243, environment: "local", status: "running",
    connection: "redis", queues: ["high", "default"], balance: "auto", minProcesses: 1, maxProcesses: 10,
    processes: { high: 3, default: 1 }, pools: [{ queue: "high", fetches: ["high"], processes: 3 }, { queue: "default", fetches: ["default"], processes: 1 }],
    runtimeMs: { high: 1000 }, memoryMb: 120, lastSeen: now,
  }, 30_000);
}

async function snapshot(queue: string, at: number, point: Record<string, number>) {
  await consoleRedis().zadd(metricsKeys.measuredQueues(), at, queue);
  await consoleRedis().zadd(metricsKeys.queueSnapshots(queue), at, JSON.stringify({ queue, failed: 0, failureRate: 0, avgWaitMs: 0, p95WaitMs: 0, avgRuntimeMs: 0, ...point, at }));
}

describe("GET /api/dashboard", () => {
  it("reports each queue's size, status, workers and wait time, and the last hour's headline", async () => {
    await heartbeats();
    await getQueue("high").addBulk(Array.from({ length: 150 }, (_, i) => ({ name: "H", data: data({ i }) })));
    await getQueue("default").addBulk(Array.from({ length: 5 }, (_, i) => ({ name: "D", data: data({ i }) })));
    const now = Date.now();
    const minute = minuteOf(now) - 180_000; // inside the last hour and inside the charts' written minutes
    await snapshot("high", minute, { throughput: 120, failed: 6, avgWaitMs: 200, avgRuntimeMs: 1000 });
    await recordFailure({ connection: "redis", queue: "high", jobId: "x1", jobName: "H", payload: {}, error: new Error("boom"), attempts: 3, failReason: "max_tries" });
    resetQueueDiscovery();

    const res = await call(dashboard, "GET", "/api/dashboard", { user: viewer });
    expect(res.status).toBe(200);
    const q = Object.fromEntries(res.body.queues.map((r: any) => [r.queue, r]));
    expect(q.high).toMatchObject({ size: 150, status: "busy", workers: 3, waitSeconds: 50, configured: true });
    expect(q.default).toMatchObject({ size: 5, status: "healthy", workers: 1 });
    expect(q.critical).toMatchObject({ size: 0, status: "idle", waitSeconds: 0 });
    expect(res.body.thresholds).toEqual({ busyAt: 100, overloadedAt: 1000 });
    expect(res.body.headline).toMatchObject({ jobsPerMinute: 2, avgWaitMs: 200, failureRate: 0.05, recentFailures: 1 });
    expect(res.body.workers).toMatchObject({ status: "running", masters: 1, supervisors: 1 });
    expect((await call(dashboard, "GET", "/api/dashboard")).status).toBe(401);
  });

  it("series: one bucket per minute for 1 h, per 5 min for 24 h, quiet buckets as zeros", async () => {
    const hour = await call(series, "GET", "/x", { user: viewer, query: { range: "1h" } });
    expect(hour.body.points).toHaveLength(60);
    expect(hour.body.points.reduce((s: number, p: any) => s + p.throughput, 0)).toBe(120);
    const day = await call(series, "GET", "/x", { user: viewer, query: { range: "24h" } });
    expect(day.body.points).toHaveLength(288);
    expect(day.body.bucketMs).toBe(300_000);
  });

  it("metrics: per job class and per queue over 24 h", async () => {
    const at = minuteOf(Date.now()) - 120_000;
    await consoleRedis().zadd(metricsKeys.measuredJobs(), at, "SendEmail");
    await consoleRedis().zadd(metricsKeys.jobSnapshots("SendEmail"), at, JSON.stringify({ job: "SendEmail", throughput: 10, failed: 1, failureRate: 0.1, avgRuntimeMs: 40, p95RuntimeMs: 90, at }));
    const res = await call(metrics, "GET", "/x", { user: viewer });
    expect(res.body.jobs).toEqual([{ job: "SendEmail", throughput: 10, failed: 1, avgRuntimeMs: 40, p95RuntimeMs: 90 }]);
    expect(res.body.queues.find((q: any) => q.queue === "high")).toMatchObject({ throughput: 120, avgWaitMs: 200 });
  });
});

describe("supervisors", () => {
  it("lists masters and supervisors from heartbeats", async () => {
    await heartbeats();
    const res = await call(supervisors, "GET", "/x", { user: viewer });
    expect(res.body.status).toBe("running");
    expect(res.body.masters.map((m: any) => m.name)).toContain(master);
    expect(res.body.supervisors[0]).toMatchObject({ supervisor: "supervisor-1", processes: { high: 3, default: 1 } });
    expect(res.body.workersPerQueue).toMatchObject({ high: 3, default: 1 });
  });

  it("pause / continue / restart: sent over Redis, admin only, audited", async () => {
    await heartbeats();
    expect((await call(command, "POST", "/x", { user: viewer, body: { type: "pause" } })).status).toBe(403);
    const res = await call(command, "POST", "/x", { user: admin, body: { type: "pause", host } });
    expect(res.body.sentTo).toEqual([master]);
    expect(await consoleRedis().lrange(commandsKey(master), 0, -1)).toEqual([JSON.stringify({ type: "pause" })]);
    await call(command, "POST", "/x", { user: admin, body: { type: "restart", supervisor: "supervisor-1" } });
    expect(await consoleRedis().lrange(commandsKey(`${master}:supervisor-1`), 0, -1)).toEqual([JSON.stringify({ type: "restart" })]);
    const none = await call(command, "POST", "/x", { user: admin, body: { type: "continue", host: "no-such-host" } });
    expect(none.status).toBe(404);
    const actions = (await auditOf(admin)).map((a) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining(["supervisor.pause masters:all", "supervisor.restart supervisor:supervisor-1"]));
    expect(actions).not.toContain("supervisor.continue masters:all");
  });
});

describe("webhooks", () => {
  const callId = `call_${randomUUID().replace(/-/g, "").slice(0, 20)}`;

  beforeAll(async () => {
    const base = Date.now() - 3_600_000;
    for (const [i, event] of ["call_started", "call_ended", "call_analyzed"].entries()) {
      const envelope = retellEnvelope(event, { callId, agentId: "agent_console_test" });
      const row = await prisma().webhookEvent.create({
        data: {
          provider: "retell", eventId: `${callId}-${event}`, eventType: event, callId, handled: true,
          payload: envelope as object, receivedAt: new Date(base + i * 1000), processedAt: new Date(base + i * 1000 + 50), duplicateCount: i,
        },
      });
      eventIds.push(row.id);
    }
  });

  it("lists events newest first with a cursor, filtered by call id", async () => {
    const first = await call(events, "GET", "/x", { user: viewer, query: { callId, limit: 2 } });
    expect(first.body.rows.map((r: any) => r.eventType)).toEqual(["call_analyzed", "call_ended"]);
    const second = await call(events, "GET", "/x", { user: viewer, query: { callId, limit: 2, cursor: first.body.nextCursor } });
    expect(second.body.rows.map((r: any) => r.eventType)).toEqual(["call_started"]);
    expect(second.body.nextCursor).toBeNull();
    const dupes = await call(events, "GET", "/x", { user: viewer, query: { callId, duplicates: "1" } });
    expect(dupes.body.rows).toHaveLength(2);
  });

  it("shows one event's payload and replays it (admin only, audited)", async () => {
    const id = eventIds[1];
    const d = await call(eventDetail, "GET", "/x", { user: viewer, params: { id } });
    expect(d.body).toMatchObject({ eventType: "call_ended", callId, duplicateCount: 1 });
    expect(d.body.payload.t).toBe("obj");
    expect((await call(replay, "POST", "/x", { user: viewer, params: { id } })).status).toBe(403);
    const r = await call(replay, "POST", "/x", { user: admin, params: { id } });
    expect(r.status).toBe(200);
    const job = await getQueue("webhooks").getJob(r.body.jobId);
    expect(job?.name).toBe("ProcessRetellWebhook");
    expect((job?.data as any).payload.webhookId).toBe(`${callId}-call_ended`);
    const entry = (await auditOf(admin)).find((a) => a.action === "webhook.replay");
    expect(entry?.target).toBe(`webhook-event:${id}`);
  });

  it("counts events per hour", async () => {
    const res = await call(webhookStats, "GET", "/x", { user: viewer });
    expect(res.body.eventsPerHour.reduce((s: number, h: any) => s + h.count, 0)).toBeGreaterThanOrEqual(3);
    expect(res.body).toHaveProperty("signatureFailuresPerHour");
  });
});

describe("GET /api/audit", () => {
  it("filters by actor and action prefix and pages with a cursor", async () => {
    const mine = await call(auditLog, "GET", "/x", { user: viewer, query: { actor: admin.email, limit: 2 } });
    expect(mine.status).toBe(200);
    expect(mine.body.rows).toHaveLength(2);
    expect(mine.body.rows.every((r: any) => r.actorEmail === admin.email)).toBe(true);
    const rest = await call(auditLog, "GET", "/x", { user: viewer, query: { actor: admin.email, limit: 50, cursor: mine.body.nextCursor } });
    const all = [...mine.body.rows, ...rest.body.rows];
    expect(new Set(all.map((r: any) => r.id)).size).toBe((await auditOf(admin)).length);
    const supervisorOnly = await call(auditLog, "GET", "/x", { user: viewer, query: { actor: admin.email, action: "supervisor." } });
    expect(supervisorOnly.body.rows.every((r: any) => r.action.startsWith("supervisor."))).toBe(true);
    expect(supervisorOnly.body.rows.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.actions).toEqual(expect.arrayContaining(["supervisor.pause", "webhook.replay"]));
  });
});
