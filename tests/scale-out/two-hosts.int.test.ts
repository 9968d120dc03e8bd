// Issue 7 · Scale-out: two `workers` masters (separate process trees, WORKERS_HOST
// scale-a / scale-b) and two console instances (`next start` on two ports, one
// build) against one Redis and one PostgreSQL. Retell deliveries go in through
// BOTH consoles' webhook route, fixture jobs through lib/queue dispatch. Proven:
// every job runs exactly once and both hosts did work; both consoles' supervisors
// API shows both hosts; the housekeeping snapshot runs once per period across the
// hosts; both consoles report the same queue counts; a session cookie of one
// console is accepted by the other (same NEXTAUTH_SECRET, no instance state).
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser } from "@/lib/auth/users";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { HOUSEKEEPING_QUEUE, HOUSEKEEPING_TASKS } from "@/lib/metrics/housekeeping";
import { closeQueues, dispatchMany, getQueue } from "@/lib/queue";
import { createCompany } from "@/lib/jobs/testing/harness";
import { retellEnvelope, signedDelivery } from "@/lib/retell/fixtures";
import type { QueueList, SupervisorsData } from "@/lib/console/types";
import { readRecords, testRecord } from "@/workers/testing/fixture-jobs";
import { destroyAllWorkers, startWorkers, supervisors, waitFor, type WorkersProcess } from "@/workers/testing/harness";
import { signInOverHttp } from "../authz/http-session";
import { startTestServer, type TestServer } from "../authz/test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUN = randomUUID().slice(0, 8);
const FIXTURE_JOBS = 300;
const DELIVERIES_PER_CONSOLE = 50;
const HOUSEKEEPING_EVERY_MS = 2_000;
const user = { email: `scale-${RUN}@scale.test`, password: `scale-${RUN}-pw`, role: "VIEWER" as const };

let consoles: TestServer[] = [];
let cookie = "";
let hosts: WorkersProcess[] = [];
let company: { id: string; retellAgentId: string | null };

beforeAll(async () => {
  await createUser(user);
  company = await createCompany(prisma()); // ProcessRetellWebhook fails a call of an unknown agent
  const config = supervisors(
    { scale: { queue: ["default", "webhooks"], balance: "simple", processes: 2 } },
    { housekeepingEveryMs: HOUSEKEEPING_EVERY_MS },
  );
  hosts = [startWorkers({ override: config, host: "scale-a" }), startWorkers({ override: config, host: "scale-b" })];
  consoles = await Promise.all([startTestServer(ROOT, {}), startTestServer(ROOT, {})]);
  const signedIn = await signInOverHttp(consoles[0].baseUrl, user.email, user.password);
  if (!signedIn.cookie) throw new Error(`sign-in refused: ${signedIn.error}\n${consoles[0].output()}`);
  cookie = signedIn.cookie;
}, 120_000);

afterAll(async () => {
  destroyAllWorkers();
  await Promise.all(consoles.map((c) => c.stop()));
  await prisma().webhookEvent.deleteMany({ where: { callId: { startsWith: `scale${RUN}` } } });
  if (company) await prisma().company.delete({ where: { id: company.id } });
  await prisma().user.deleteMany({ where: { email: user.email } });
  await closeQueues();
});

async function getJson<T>(server: TestServer, url: string): Promise<T> {
  const res = await fetch(server.baseUrl + url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${server.baseUrl}${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Posts one signed call_started delivery to a console's webhook route; returns its webhook id. */
async function deliver(server: TestServer, i: number): Promise<string> {
  // Call ids are 32 url-safe characters; the run id keeps this file's rows apart.
  const callId = `scale${RUN}${String(i).padStart(6, "0")}`.padEnd(32, "x");
  const { body, headers } = signedDelivery(retellEnvelope("call_started", { callId, agentId: company.retellAgentId! }), env().RETELL_API_KEY!);
  const res = await fetch(`${server.baseUrl}/api/retell/webhook`, { method: "POST", body, headers });
  if (res.status !== 204) throw new Error(`delivery ${i} to ${server.baseUrl}: ${res.status} ${await res.text()}`);
  return `retell-${callId}-call_started`;
}

function readyWorkerPids(host: WorkersProcess): Set<number> {
  return new Set(host.logs.filter((l) => /^worker process \d+ ready$/.test(l.msg)).map((l) => l.pid));
}

it("two masters, two consoles: jobs run once, both hosts seen, housekeeping once per period, same counts", async () => {
  const startedAt = Date.now();
  // Each host runs supervisor `scale`: one worker process per queue.
  await waitFor(() => hosts.every((h) => readyWorkerPids(h).size >= 2), 90_000, "two ready worker processes on each host");
  const cookieWorksOnBoth = await Promise.all(consoles.map((c) => fetch(`${c.baseUrl}/api/me`, { headers: { cookie } })));
  expect(cookieWorksOnBoth.map((r) => r.status), consoles.map((c) => c.output()).join("\n")).toEqual([200, 200]);

  // Producers: both consoles' webhook route and lib/queue dispatch, at the same time.
  const [fixtureIds, ...webhookIds] = await Promise.all([
    dispatchMany(testRecord, Array.from({ length: FIXTURE_JOBS }, (_, n) => ({ n }))),
    ...consoles.map((c, k) => Promise.all(Array.from({ length: DELIVERIES_PER_CONSOLE }, (_, i) => deliver(c, k * 1_000 + i)))),
  ]);
  const deliveries = webhookIds.flat();
  expect(new Set(deliveries).size).toBe(2 * DELIVERIES_PER_CONSOLE);

  await waitFor(async () => (await readRecords()).length >= FIXTURE_JOBS, 60_000, `${FIXTURE_JOBS} fixture jobs recorded`);
  await waitFor(async () => (await prisma().webhookEvent.count({ where: { eventId: { in: deliveries }, processedAt: { not: null } } })) === deliveries.length,
    60_000, "every delivery processed");

  // Exactly once: one record per fixture job id, one WebhookEvent row per delivery, never seen twice.
  const records = await readRecords();
  expect(records).toHaveLength(FIXTURE_JOBS);
  expect(new Set(records.map((r) => r.jobId))).toEqual(new Set(fixtureIds));
  const events = await prisma().webhookEvent.findMany({ where: { eventId: { in: deliveries } }, select: { duplicateCount: true } });
  expect(events).toHaveLength(deliveries.length);
  expect(events.filter((e) => e.duplicateCount > 0)).toEqual([]);
  // Both hosts took jobs: the recording pids belong to each host's worker processes.
  const byHost = hosts.map((h) => records.filter((r) => readyWorkerPids(h).has(r.pid)).length);
  expect(byHost.every((n) => n > 0), `jobs per host ${byHost}`).toBe(true);
  expect(byHost[0] + byHost[1]).toBe(FIXTURE_JOBS);

  // Heartbeats of both hosts, as either console's Supervisors API shows them.
  for (const c of consoles) {
    const data = await getJson<SupervisorsData>(c, "/api/supervisors");
    expect(data.masters.map((m) => m.host).sort()).toEqual(["scale-a", "scale-b"]);
    expect(data.supervisors.map((s) => `${s.host}/${s.supervisor}`).sort()).toEqual(["scale-a/scale", "scale-b/scale"]);
    expect(data.workersPerQueue).toMatchObject({ default: 4, webhooks: 2 });
  }

  // Both consoles agree on the counts (no caching: each reads Redis). The housekeeping queue never stands
  // still — its schedulers make a job every period — so two reads can straddle one of its jobs finishing:
  // the consoles must agree on a read where nothing moved in between, within a few tries.
  const counts = (l: QueueList) => Object.fromEntries(l.queues.map((q) => [q.name, q.counts]));
  const [listA, listB] = await waitFor(async () => {
    const lists = await Promise.all(consoles.map((c) => getJson<QueueList>(c, "/api/queues")));
    return JSON.stringify(counts(lists[0])) === JSON.stringify(counts(lists[1])) ? lists : undefined;
  }, 10_000, "both consoles to show the same counts");
  expect(counts(listA)).toEqual(counts(listB));
  expect(counts(listA).default).toMatchObject({ completed: FIXTURE_JOBS, failed: 0, waiting: 0, active: 0 });
  expect(counts(listA).webhooks).toMatchObject({ completed: deliveries.length, failed: 0, waiting: 0, active: 0 });

  // Housekeeping: both masters upserted the same schedulers; each period made one job, run once by one host.
  const housekeeping = getQueue(HOUSEKEEPING_QUEUE);
  expect((await housekeeping.getJobSchedulers()).map((s) => s.key).sort()).toEqual(Object.keys(HOUSEKEEPING_TASKS).sort());
  const snapshots = (await housekeeping.getJobs(["completed", "failed", "active", "wait", "delayed"]))
    .filter((j) => j.name === "metrics.snapshot" && j.finishedOn)
    .sort((a, b) => a.timestamp - b.timestamp);
  const elapsedPeriods = (Date.now() - startedAt) / HOUSEKEEPING_EVERY_MS;
  expect(snapshots.length).toBeGreaterThanOrEqual(3);
  expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(elapsedPeriods) + 2);
  for (const job of snapshots) expect({ id: job.id, attemptsMade: job.attemptsMade, failed: job.failedReason ?? null }).toMatchObject({ attemptsMade: 1, failed: null });
  // One job per period: their scheduled times are whole, distinct periods apart.
  const runAt = snapshots.map((j) => Number(j.id!.split(":").at(-1)));
  for (let i = 1; i < runAt.length; i++) expect(runAt[i] - runAt[i - 1]).toBeGreaterThanOrEqual(HOUSEKEEPING_EVERY_MS);

  const exits = await Promise.all(hosts.map((h) => h.stop()));
  expect(exits).toEqual([0, 0]);
}, 150_000);
