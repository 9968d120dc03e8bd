// Issue 7 · PostgreSQL unavailable mid-run (run by `npm run test:chaos`).
// The machine's PostgreSQL is shared, so it is not stopped: the workers process and
// the console's route handlers reach it through a TCP proxy (tcp-proxy.ts) that
// refuses and cuts every connection for PG_OUTAGE_MS (default 20 s).
// Load: signed Retell deliveries to the real webhook route (it needs only Redis),
// each becoming a ProcessRetellWebhook job in the real `workers` process, which
// writes Call + WebhookEvent rows in one transaction (tries 5, backoff 10/30/60 s…).
// Proven:
//   - jobs that ran during the outage failed their attempt (≥ 1 failed attempt) and
//     succeeded on a retry after it: every accepted delivery has its WebhookEvent
//     row, no job is left failed (lost 0), effects applied once (duplicateCount 0);
//   - the console answers a clear error while PostgreSQL is away: GET
//     /api/webhooks/events → 503 { error: { code: "service_unavailable", message } }
//     and GET /api/health → 503 { down: ["postgres"] }, never a 500 or a throw;
//     both answer 200 again after it returns;
//   - the workers process survives the outage (still running, exits 0 on SIGTERM).
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../authz/test-server";
import { privateRedis, type PrivateRedis } from "./private-redis";
import { tcpProxy, type TcpProxy } from "./tcp-proxy";

const UP_MS = Number(process.env.PG_UP_MS ?? 5_000);
const OUTAGE_MS = Number(process.env.PG_OUTAGE_MS ?? 20_000);
const AFTER_MS = Number(process.env.PG_AFTER_MS ?? 5_000);

let redis: PrivateRedis;
let proxy: TcpProxy;
let companyId: string | undefined;
let agentId: string | undefined;

beforeAll(async () => {
  redis = privateRedis(await freePort());
  await redis.start();
  proxy = await tcpProxy(5432);
  // Before anything reads env(): this file's Redis is private, its PostgreSQL is the proxy.
  process.env.REDIS_URL = redis.url(0);
  const db = new URL(process.env.DATABASE_URL!);
  db.port = String(proxy.port);
  process.env.DATABASE_URL = db.toString();
  (await import("@/lib/env")).resetEnvCache();
}, 30_000);

afterAll(async () => {
  (await import("@/workers/testing/harness")).destroyAllWorkers();
  await proxy?.restore();
  const { prisma } = await import("@/lib/db/client");
  const { removeUsers } = await import("../console/route-harness");
  await removeUsers().catch(() => {});
  if (agentId) await prisma().webhookEvent.deleteMany({ where: { payload: { path: ["call", "agent_id"], equals: agentId } } });
  if (companyId) await prisma().company.delete({ where: { id: companyId } });
  await prisma().$disconnect();
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 2_000))]);
  await proxy?.close();
  await redis?.kill();
}, 60_000);

type Phase = "up" | "down" | "after";

it(`PostgreSQL away for ${OUTAGE_MS / 1000} s: attempts fail and succeed on retry, nothing lost, the console answers 503 with a message`, async () => {
  const { env } = await import("@/lib/env");
  const { prisma } = await import("@/lib/db/client");
  const { getQueue } = await import("@/lib/queue");
  const { retellEnvelope, newRetellCallId } = await import("@/lib/retell/fixtures");
  const { createCompany, postSigned } = await import("@/lib/jobs/testing/harness");
  const { call, createUser } = await import("../console/route-harness");
  const harness = await import("@/workers/testing/harness");
  const { POST: webhook } = await import("@/app/api/retell/webhook/route");
  const { GET: listEvents } = await import("@/app/api/webhooks/events/route");
  const { GET: health } = await import("@/app/api/health/route");

  const company = await createCompany(prisma());
  companyId = company.id;
  agentId = company.retellAgentId!;
  const viewer = await createUser("VIEWER");
  const key = env().RETELL_API_KEY!;

  const w = harness.startWorkers({
    override: harness.supervisors({ webhooks: { queue: ["webhooks"], balance: "simple", processes: 2 } }),
    env: { DATABASE_URL: env().DATABASE_URL },
  });
  await harness.waitFor(() => w.logs.filter((l) => /worker process \d+ ready/.test(l.msg)).length >= 2, 120_000, "2 ready worker processes");

  let phase = "up" as Phase;
  let running = true;
  const accepted = new Map<string, Phase>(); // webhook id → phase its delivery was acknowledged in
  const tally: Record<string, number> = {};
  const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);
  const downBodies: unknown[] = [];
  let restoredAt = 0;
  let firstConsole200AfterMs: number | undefined;

  const producer = (async () => {
    while (running) {
      const current = phase;
      const envelope = retellEnvelope(Math.random() < 0.5 ? "call_started" : "call_ended", { callId: newRetellCallId(), agentId });
      const res = await postSigned(webhook, envelope, key);
      count(`webhook ${res.status} (${current})`);
      if (res.status === 204) accepted.set(`retell-${(envelope.call as { call_id: string }).call_id}-${envelope.event}`, current);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const consoleReader = (async () => {
    while (running) {
      const current = phase;
      let status: number;
      try {
        const res = await call(listEvents, "GET", "/api/webhooks/events", { user: viewer, query: { limit: 5 } });
        status = res.status;
        if (current === "down" && downBodies.length < 1 && status === 503) downBodies.push(res.body);
        if (current === "after" && status === 200 && firstConsole200AfterMs === undefined) firstConsole200AfterMs = Date.now() - restoredAt;
      } catch {
        status = -1; // the handler threw instead of answering
      }
      count(`console ${status} (${current})`);
      const h = await health();
      const body = (await h.json()) as { down?: string[] };
      count(`health ${h.status}${body.down ? ` down=${body.down.join("+")}` : ""} (${current})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  await new Promise((r) => setTimeout(r, UP_MS));
  phase = "down";
  const cutAt = Date.now();
  await proxy.cut();
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  await proxy.restore();
  restoredAt = Date.now();
  phase = "after";
  await new Promise((r) => setTimeout(r, AFTER_MS));
  // The console must be answering 200 again before the load stops.
  await harness.waitFor(() => firstConsole200AfterMs !== undefined, 30_000, "the console answering 200 after the outage").catch(() => {});
  running = false;
  await Promise.all([producer, consoleReader]);

  // Every accepted delivery ends with its row; retries after the outage come with the backoff (10 s, then 30 s).
  const ids = [...accepted.keys()];
  const storedCount = async () => prisma().webhookEvent.count({ where: { eventId: { in: ids } } });
  await harness.waitFor(async () => (await storedCount()) === ids.length, OUTAGE_MS + 150_000, "a WebhookEvent row for every accepted delivery").catch(() => {});
  const lastStoredAt = Date.now();
  const rows = await prisma().webhookEvent.findMany({ where: { eventId: { in: ids } }, select: { eventId: true, duplicateCount: true } });
  const stored = new Set(rows.map((r) => r.eventId));
  const lost = ids.filter((id) => !stored.has(id));
  const duplicates = rows.reduce((s, r) => s + r.duplicateCount, 0);

  const queue = getQueue("webhooks");
  const jobs = (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((j) => j !== undefined);
  const retried = jobs.filter((j) => (j.stacktrace ?? []).length > 0);
  const failedAttempts = retried.reduce((s, j) => s + (j.stacktrace ?? []).length, 0);
  const states = await Promise.all(jobs.map((j) => j.getState()));
  const notCompleted = jobs.filter((_, i) => states[i] !== "completed").map((j, i) => `${j.id}:${states[i]}`);
  const errors: Record<string, number> = {};
  for (const j of retried) for (const trace of j.stacktrace ?? []) errors[trace.split("\n")[0]] = (errors[trace.split("\n")[0]] ?? 0) + 1;

  console.log(
    `[chaos:postgres-outage] outage ${restoredAt - cutAt} ms (${proxy.cutConnections} open connections cut); deliveries accepted ${ids.length} ` +
      `(up ${[...accepted.values()].filter((p) => p === "up").length}, down ${[...accepted.values()].filter((p) => p === "down").length}, after ${[...accepted.values()].filter((p) => p === "after").length}); ` +
      `jobs with failed attempts ${retried.length} (${failedAttempts} failed attempts: ${JSON.stringify(errors)}); ` +
      `recovered ${retried.filter((j) => stored.has(j.id!)).length}; stored ${stored.size}, lost ${lost.length}, duplicate effects ${duplicates}; ` +
      `not completed ${notCompleted.length}; last row ${((lastStoredAt - restoredAt) / 1000).toFixed(1)} s after PostgreSQL returned; ` +
      `console 200 again ${firstConsole200AfterMs} ms after it returned; 503 body ${JSON.stringify(downBodies[0])}; ${JSON.stringify(tally)}`,
  );

  // The outage really hit jobs: attempts failed and were retried.
  expect(tally["webhook 204 (down)"] ?? 0, "deliveries accepted during the outage (intake needs only Redis)").toBeGreaterThan(10);
  expect(retried.length, "jobs whose attempt failed during the outage").toBeGreaterThan(0);
  // Nothing lost, nothing applied twice, nothing left failed.
  expect(lost).toEqual([]);
  expect(notCompleted).toEqual([]);
  expect(duplicates).toBe(0);
  expect(Object.keys(tally).filter((k) => k.startsWith("webhook ") && !k.startsWith("webhook 204")), "the webhook route only answered 204").toEqual([]);
  // The console: 503 with a message while PostgreSQL is away, never 500 or a throw; 200 before and after.
  expect(tally["console 503 (down)"] ?? 0).toBeGreaterThan(3);
  expect(Object.keys(tally).filter((k) => /^console (?!200|503)/.test(k)), "console answers other than 200/503").toEqual([]);
  expect(tally["console 200 (up)"] ?? 0).toBeGreaterThan(0);
  expect(firstConsole200AfterMs, "the console answered 200 after PostgreSQL returned").toBeDefined();
  expect(downBodies[0]).toMatchObject({ error: { code: "service_unavailable", message: expect.stringMatching(/PostgreSQL/) } });
  expect(tally["health 503 down=postgres (down)"] ?? 0).toBeGreaterThan(3);
  expect(Object.keys(tally).filter((k) => k.startsWith("health ") && k.endsWith("(down)") && k !== "health 503 down=postgres (down)")).toEqual([]);
  // The workers process rode it out.
  expect(w.proc.exitCode).toBeNull();
  expect(await w.stop("SIGTERM")).toBe(0);
}, 2 * OUTAGE_MS + 420_000); // the outage, then up to outage + 150 s of retries (backoff) and startup
