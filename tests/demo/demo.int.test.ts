// Issue 8 · `npm run demo` against a running console and workers: the built
// console (`next start`) and the real workers process, the demo script run as
// `npm run demo` runs it. Proven: it exits 0, its signed deliveries are stored,
// a Retell retry is absorbed and shows as a duplicate, its forged delivery is
// refused and counted on the Webhooks screen's signature-failure chart, and a
// call that asked for an appointment ends with one booked by the chain.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { prisma } from "@/lib/db/client";
import type { WebhookEventPage, WebhookStats } from "@/lib/console/types";
import { closeQueues } from "@/lib/queue";
import { destroyAllWorkers, startWorkers, supervisors, waitFor, type WorkersProcess } from "@/workers/testing/harness";
import { signInOverHttp } from "../authz/http-session";
import { freePort, startTestServer, type TestServer } from "../authz/test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DEMO_AGENTS = { startsWith: "agent_demo_" };
const user = { email: `demo-${randomUUID().slice(0, 8)}@demo.test`, password: `demo-${randomUUID()}`, role: "VIEWER" as const };

let server: TestServer;
let workers: WorkersProcess;
let cookie = "";
let stubEnv: Record<string, string>;

async function removeDemoData(): Promise<void> {
  const companies = await prisma().company.findMany({ where: { retellAgentId: DEMO_AGENTS }, select: { id: true } });
  const calls = await prisma().call.findMany({ where: { companyId: { in: companies.map((c) => c.id) } }, select: { retellCallId: true } });
  await prisma().webhookEvent.deleteMany({ where: { callId: { in: calls.map((c) => c.retellCallId) } } });
  await prisma().company.deleteMany({ where: { id: { in: companies.map((c) => c.id) } } });
}

beforeAll(async () => {
  await removeDemoData(); // a clean slate: rows of an earlier run would satisfy the checks below
  await createUser(user);
  // The demo starts its mail, SMS and Cal.com stand-ins where the workers send.
  stubEnv = {
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
    SMS_PROVIDER_URL: `http://127.0.0.1:${await freePort()}`,
    CALCOM_BASE_URL: `http://127.0.0.1:${await freePort()}`,
  };
  const config = supervisors(
    {
      demo: { queue: ["webhooks", "critical", "bookings", "billing", "emails", "sms", "high", "default", "low"], balance: "simple", processes: 2 },
      reports: { connection: "redis-long-running", queue: ["reports"], balance: "simple", processes: 1 },
    },
    { housekeepingEveryMs: 1_000 },
  );
  workers = startWorkers({ override: config, env: stubEnv });
  server = await startTestServer(ROOT, {});
  const signedIn = await signInOverHttp(server.baseUrl, user.email, user.password);
  if (!signedIn.cookie) throw new Error(`sign-in refused: ${signedIn.error}\n${server.output()}`);
  cookie = signedIn.cookie;
  await workers.waitForLog((l) => /^worker process \d+ ready$/.test(l.msg), 60_000, "a ready worker process");
}, 120_000);

afterAll(async () => {
  destroyAllWorkers();
  await server?.stop();
  await removeDemoData();
  await prisma().user.deleteMany({ where: { email: user.email } });
  await closeQueues();
});

function runDemo(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts", ...args], { cwd: ROOT, env: { ...process.env, ...stubEnv } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(server.baseUrl + url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const totalFailures = (stats: WebhookStats) => (stats.signatureFailuresPerHour ?? []).reduce((sum, h) => sum + h.count, 0);

it("npm run demo: exits 0; deliveries stored, a retry absorbed as a duplicate, a forged one counted, an appointment booked", async () => {
  const failuresBefore = totalFailures(await getJson<WebhookStats>("/api/webhooks/stats"));
  const since = new Date();

  const demo = await runDemo([`--url=${server.baseUrl}`, "--duration=4", "--rate=1", "--settle=8"]);
  expect(demo.code, demo.output).toBe(0);
  expect(demo.output).toMatch(/\[demo\].*companies: Salon Schnittig/);
  expect(demo.output).toMatch(/401×[1-9]/); // the demo's own tally of what the route answered

  const companies = await prisma().company.findMany({ where: { retellAgentId: DEMO_AGENTS }, select: { id: true } });
  expect(companies).toHaveLength(4);
  const calls = await waitFor(async () => {
    const rows = await prisma().call.findMany({ where: { companyId: { in: companies.map((c) => c.id) }, createdAt: { gte: since } }, select: { id: true, retellCallId: true } });
    return rows.length >= 3 && rows;
  }, 30_000, "the demo's calls to be stored by ProcessRetellWebhook");
  const callIds = new Set(calls.map((c) => c.retellCallId));

  // What the Webhooks screen lists: the demo's events, and one of them with a duplicate the route absorbed.
  await waitFor(async () => {
    const page = await getJson<WebhookEventPage>(`/api/webhooks/events?duplicates=true&from=${encodeURIComponent(since.toISOString())}&limit=200`);
    return page.rows.some((r) => r.callId && callIds.has(r.callId) && r.duplicateCount > 0);
  }, 30_000, "a demo event with a duplicate count on /api/webhooks/events");
  const stored = await prisma().webhookEvent.count({ where: { callId: { in: [...callIds] } } });
  expect(stored).toBeGreaterThanOrEqual(calls.length * 2); // at least call_started and call_ended per stored call

  // The forged delivery: refused, counted in Redis, on the screen's chart.
  await waitFor(async () => totalFailures(await getJson<WebhookStats>("/api/webhooks/stats")) > failuresBefore, 15_000, "a signature failure on /api/webhooks/stats");

  // The first call asked for an appointment: the booking chain booked it for that call, at the demo's Cal.com stand-in.
  const appointment = await prisma().appointment.findFirst({ where: { call: { retellCallId: { in: [...callIds] } }, status: "SCHEDULED" } });
  expect(appointment, "an appointment booked by the chain for a demo call").not.toBeNull();
  expect(await prisma().calcomBooking.findUnique({ where: { appointmentId: appointment!.id } })).toMatchObject({ status: "ACCEPTED" });
  expect(demo.output).toMatch(/Cal\.com bookings: [1-9]/);
  expect(workers.proc.exitCode).toBeNull();
}, 180_000);
