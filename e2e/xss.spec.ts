// Stored XSS: markup stored wherever the console shows stored text — job names,
// payloads (keys and values), failure messages and stack traces, job logs and
// results, archived failures (job name, queue, exception class), batch names and
// errors, supervisor/master/host names and scaling reasons, webhook events,
// audit entries, metrics job/queue names, a monitored tag and its jobs — then every console screen, derived
// from app/**/page.tsx, opened in Chromium: no dialog, `window.__xss` never set,
// no element carrying the injected handlers, and the markup visible as text.
// A new page.tsx fails the "every screen" check until it is added to SCREENS.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Worker } from "bullmq";
import { z } from "zod";
import { prisma } from "../lib/db/client";
import { env } from "../lib/env";
import { closeConsoleRedis, consoleRedis } from "../lib/console/redis";
import { errorGroupOf } from "../lib/db/queries/error-group";
import { metricsKeys, minuteOf } from "../lib/metrics/keys";
import { closeMetricsRedis } from "../lib/metrics/redis";
import { closeQueues, defineJob, recordFailure } from "../lib/queue";
import { batchJob, createBatch } from "../lib/queue/batches";
import { batchKeys } from "../lib/queue/batches/batch-keys";
import { createRedis } from "../lib/redis/connection";
import { forgetMaster, forgetSupervisor, publishMaster, publishSupervisor } from "../lib/supervisor/heartbeats";
import { key } from "../lib/redis/connection";
import { monitorTag } from "../lib/tags/monitoring";
import { discoverRoutes } from "../tests/authz/discover-routes";
import { addJobs, dropQueue, forgetFailures, token } from "./console-seed";
import { signIn } from "./helpers";
import { forgetTag, seedTaggedJobs } from "./tags-seed";
import { ADMIN } from "./users";

const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = "<script>window.__xss=1</script>";
/** Tags hold no whitespace (lib/tags/job-tags.ts): the same handler, written without spaces. */
const IMG_NO_SPACE = "<img/src='x'/onerror=window.__xss=1>";
const t = token("x");
/** A stored value: a label to find it by, the run's token, and both payloads. */
const mark = (label: string) => `${label}-${t} ${IMG} ${SCRIPT}`;

const queue = `e2e-xss-${t}`;
const batchQueue = `${queue}-batch`;
const tagQueue = `${queue}-tags`;
const S = {
  waitingName: mark("waiting-job"),
  failedName: mark("failed-job"),
  completedName: mark("completed-job"),
  payloadKey: `key-${t}${IMG}`,
  payloadValue: mark("payload"),
  failedReason: mark("failed-reason"),
  stack: `Error: ${mark("stack")}\n    at handle (${SCRIPT}:1:1)`,
  log: mark("log-line"),
  result: mark("result"),
  archivedName: mark("archived-job"),
  archivedQueue: mark("archived-queue"),
  archivedMessage: mark("archived-message"),
  archivedStack: `Error: ${mark("archived-stack")}\n    at x (${IMG}:1:1)`,
  exceptionClass: `Err${IMG}`,
  batchName: mark("batch"),
  batchError: mark("batch-error"),
  master: mark("master"),
  host: mark("host"),
  environment: `env${SCRIPT}`,
  supervisor: mark("supervisor"),
  poolQueue: `pool-${t}${IMG}`,
  reason: mark("scale-reason"),
  eventType: mark("event-type"),
  callId: mark("call-id"),
  eventPayload: mark("event-payload"),
  auditActor: `${IMG}@audit-${t}.test`,
  auditAction: mark("audit-action"),
  auditTarget: mark("audit-target"),
  auditDetail: mark("audit-detail"),
  metricJob: mark("metric-job"),
  metricQueue: mark("metric-queue"),
  tag: `tag-${t}${IMG_NO_SPACE}`,
  taggedName: mark("tagged-job"),
  taggedError: mark("tagged-error"),
};

interface Seeded {
  waitingId: string;
  failedId: string;
  completedId: string;
  archivedUuid: string;
  batchId: string;
  eventId: string;
  auditId: string;
}
let seeded: Seeded;
const scaleDecision = (at: number) => JSON.stringify({ at, master: S.master, supervisor: S.supervisor, host: S.host, queue: S.poolQueue, from: 1, to: 2, reason: S.reason });
let decisionEntry = "";

// The batch's one job never runs: the batch screens read its name and first error.
const BatchStep = defineJob({ name: "E2eXssBatchStep", queue: batchQueue, payload: z.object({ n: z.number() }), tries: 1, async handle() {} });

/** Jobs that failed / completed with markup, moved by a manual BullMQ worker (no job definition needed). */
async function seedQueue(): Promise<Pick<Seeded, "waitingId" | "failedId" | "completedId">> {
  const payload = { [S.payloadKey]: S.payloadValue, note: S.payloadValue };
  const [failedId, completedId, waitingId] = [
    ...(await addJobs(queue, S.failedName, [payload])),
    ...(await addJobs(queue, S.completedName, [payload])),
    ...(await addJobs(queue, S.waitingName, [payload])),
  ];
  const connection = createRedis({ blocking: true });
  const worker = new Worker(queue, null, { connection, prefix: env().REDIS_PREFIX });
  try {
    const failing = await worker.getNextJob("xss-token");
    expect(failing?.id).toBe(failedId);
    await failing!.log(S.log);
    const error = Object.assign(new Error(S.failedReason), { stack: S.stack });
    await failing!.moveToFailed(error, "xss-token", false);
    const completing = await worker.getNextJob("xss-token");
    expect(completing?.id).toBe(completedId);
    await completing!.moveToCompleted({ note: S.result }, "xss-token", false);
  } finally {
    await worker.close();
    connection.disconnect();
  }
  return { waitingId, failedId, completedId };
}

async function seedSupervisors(): Promise<void> {
  const now = Date.now();
  const full = `${S.master}:${S.supervisor}`;
  await publishMaster(consoleRedis(), {
    name: S.master, host: S.host, pid: 4242, environment: S.environment, status: "running", supervisors: [full], memoryMb: 80, startedAt: now, lastSeen: now,
  }, 120_000);
  await publishSupervisor(consoleRedis(), {
    name: full, supervisor: S.supervisor, master: S.master, host: S.host, pid: 4243, environment: S.environment, status: "running",
    connection: "redis", queues: [S.poolQueue], balance: "auto", minProcesses: 1, maxProcesses: 3,
    processes: { [S.poolQueue]: 1 }, pools: [{ queue: S.poolQueue, fetches: [S.poolQueue], processes: 1 }], runtimeMs: {}, memoryMb: 90, lastSeen: now,
  }, 120_000);
  // What recordScaleDecisions writes (lib/supervisor/scale-log.ts), newest first.
  decisionEntry = scaleDecision(now);
  await consoleRedis().lpush(key("workers", "scale-decisions"), decisionEntry);
}

async function seedMetrics(): Promise<void> {
  const at = minuteOf(Date.now()) - 120_000;
  const r = consoleRedis();
  await r.zadd(metricsKeys.measuredJobs(), at, S.metricJob);
  await r.zadd(metricsKeys.jobSnapshots(S.metricJob), at, JSON.stringify({ job: S.metricJob, throughput: 3, failed: 1, failureRate: 1 / 3, avgRuntimeMs: 40, p95RuntimeMs: 90, at }));
  await r.zadd(metricsKeys.measuredQueues(), at, S.metricQueue);
  await r.zadd(metricsKeys.queueSnapshots(S.metricQueue), at, JSON.stringify({ queue: S.metricQueue, throughput: 3, failed: 0, failureRate: 0, avgWaitMs: 5, p95WaitMs: 9, avgRuntimeMs: 40, at }));
}

test.beforeAll(async () => {
  const jobs = await seedQueue();
  const archived = await recordFailure({
    connection: "redis", queue: S.archivedQueue, jobId: `xss-${t}`, jobName: S.archivedName, payload: { [S.payloadKey]: S.payloadValue },
    error: Object.assign(new Error(S.archivedMessage), { name: S.exceptionClass, stack: S.archivedStack }), attempts: 3, failReason: "max_tries",
  });
  const batchId = await createBatch({ name: S.batchName, queue: batchQueue, jobs: [batchJob(BatchStep, { n: 1 })] });
  // What a failing job of the batch records (lib/queue/batches/batch-store.ts reads it back).
  await consoleRedis().hset(batchKeys(batchId).batch, "firstError", JSON.stringify({ jobId: `job-${t}`, message: S.batchError, at: Date.now() }));
  await seedSupervisors();
  await seedMetrics();
  // A failed job under a markup tag, indexed as the workers do, and the tag monitored (its job copied).
  await seedTaggedJobs(tagQueue, [S.tag], [{ name: S.taggedName, payload: { note: S.payloadValue }, outcome: "failed", error: S.taggedError }]);
  await monitorTag(S.tag, ADMIN.email);
  const event = await prisma().webhookEvent.create({
    data: {
      provider: "retell", eventId: `evt-${t}-${IMG}`, eventType: S.eventType, callId: S.callId, handled: true,
      payload: { event: S.eventType, call_id: S.callId, transcript: S.eventPayload, [S.payloadKey]: SCRIPT }, receivedAt: new Date(), processedAt: new Date(),
    },
  });
  const auditRow = await prisma().auditLog.create({ data: { actorEmail: S.auditActor, action: S.auditAction, target: S.auditTarget, details: { note: S.auditDetail } } });
  seeded = { ...jobs, archivedUuid: archived.uuid, batchId, eventId: event.id, auditId: auditRow.id };
});

test.afterAll(async () => {
  await dropQueue(queue);
  await dropQueue(batchQueue);
  await forgetTag(S.tag);
  await dropQueue(tagQueue);
  if (seeded) {
    await prisma().batch.deleteMany({ where: { id: seeded.batchId } });
    await consoleRedis().del(...Object.values(batchKeys(seeded.batchId)));
    await forgetFailures([seeded.archivedUuid]);
    await prisma().webhookEvent.deleteMany({ where: { id: seeded.eventId } });
    await prisma().auditLog.deleteMany({ where: { id: seeded.auditId } });
  }
  const r = consoleRedis();
  await forgetSupervisor(r, `${S.master}:${S.supervisor}`);
  await forgetMaster(r, S.master);
  if (decisionEntry) await r.lrem(key("workers", "scale-decisions"), 0, decisionEntry);
  await r.zrem(metricsKeys.measuredJobs(), S.metricJob);
  await r.zrem(metricsKeys.measuredQueues(), S.metricQueue);
  await r.del(metricsKeys.jobSnapshots(S.metricJob), metricsKeys.queueSnapshots(S.metricQueue));
  await closeQueues();
  await closeConsoleRedis();
  await closeMetricsRedis();
  await prisma().$disconnect();
});

interface Screen {
  url: (s: Seeded) => string;
  /** Stored strings this screen displays, each must be visible as text. */
  shows: string[];
  /** Interaction needed to bring the seeded rows on screen (filters). */
  prepare?: (page: Page) => Promise<void>;
}

async function filterWebhooks(page: Page): Promise<void> {
  await page.getByLabel("Call id").fill(S.callId);
  await page.getByRole("button", { name: "Apply" }).click();
}

/** Opens the markup tag's kept jobs from the monitored list. */
async function showTagJobs(page: Page): Promise<void> {
  await page.getByRole("button", { name: `Show jobs of ${S.tag}`, exact: true }).click();
}

async function searchTag(page: Page): Promise<void> {
  const search = page.getByRole("search");
  await search.getByLabel("Tag").fill(S.tag);
  await search.getByLabel("Jobs").selectOption("failed");
  await search.getByRole("button", { name: "Search" }).click();
}

async function filterFailed(page: Page): Promise<void> {
  await page.getByLabel("Text or job id").fill(t);
  await page.getByRole("button", { name: "Apply" }).click();
}

/** Every page.tsx under app/, by file. The login page shows no stored data (and a signed-in user is sent on). */
const SCREENS: Record<string, Screen | "no stored data"> = {
  "app/(auth)/login/page.tsx": "no stored data",
  "app/(console)/page.tsx": { url: () => "/", shows: [] }, // queue names are [\w-] only; headline numbers
  // Queue names are [\w-] only (lib/queue/queues.ts), so the list holds no stored markup.
  "app/(console)/queues/page.tsx": { url: () => "/queues", shows: [] },
  "app/(console)/queues/[name]/page.tsx": { url: () => `/queues/${queue}`, shows: [S.waitingName] },
  "app/(console)/jobs/[queue]/[id]/page.tsx": { url: (s) => `/jobs/${queue}/${s.failedId}`, shows: [S.failedName, S.payloadKey, S.payloadValue, S.failedReason, S.stack.split("\n")[0], S.log] },
  "app/(console)/failed/page.tsx": { url: () => "/failed", prepare: filterFailed, shows: [S.exceptionClass, errorGroupOf(S.archivedMessage), S.archivedName, S.archivedQueue, S.archivedMessage] },
  "app/(console)/failed/[uuid]/page.tsx": { url: (s) => `/failed/${s.archivedUuid}`, shows: [S.archivedName, S.archivedMessage, S.archivedStack.split("\n")[0], S.payloadKey, S.payloadValue] },
  "app/(console)/batches/page.tsx": { url: () => "/batches", shows: [S.batchName] },
  "app/(console)/batches/[id]/page.tsx": { url: (s) => `/batches/${s.batchId}`, shows: [S.batchName, S.batchError] },
  "app/(console)/supervisors/page.tsx": { url: () => "/supervisors", shows: [S.master, S.host, S.environment, S.supervisor, S.poolQueue, S.reason] },
  "app/(console)/webhooks/page.tsx": { url: () => "/webhooks", prepare: filterWebhooks, shows: [S.eventType, S.callId] },
  "app/(console)/webhooks/[id]/page.tsx": { url: (s) => `/webhooks/${s.eventId}`, shows: [S.eventType, S.callId, `evt-${t}-${IMG}`, S.eventPayload] },
  "app/(console)/metrics/page.tsx": { url: () => "/metrics", shows: [S.metricJob, S.metricQueue] },
  "app/(console)/audit/page.tsx": { url: () => "/audit", shows: [S.auditActor, S.auditAction, S.auditTarget, S.auditDetail] },
  "app/(console)/tags/page.tsx": { url: () => "/tags", prepare: showTagJobs, shows: [S.tag, S.taggedName, S.taggedError] },
};
/** Extra views of a screen whose stored text only shows after a click or with a query. */
const EXTRA_VIEWS: { name: string; url: (s: Seeded) => string; shows: string[]; prepare?: (page: Page) => Promise<void> }[] = [
  { name: "failed jobs, all failures", url: () => "/failed", prepare: async (p) => { await filterFailed(p); await p.getByRole("button", { name: "All failures" }).click(); }, shows: [S.archivedName, S.archivedQueue, S.exceptionClass, S.archivedMessage] },
  { name: "queue detail, failed tab", url: () => `/queues/${queue}?state=failed`, shows: [S.failedName] },
  { name: "tags, failed jobs by tag", url: () => "/tags", prepare: searchTag, shows: [S.tag, S.taggedName, S.taggedError] },
  { name: "job detail, completed job", url: (s) => `/jobs/${queue}/${s.completedId}`, shows: [S.completedName, S.result] },
];

const ROOT = path.resolve(import.meta.dirname, "..");

test("every page.tsx under app/ is listed here", () => {
  const pages = discoverRoutes(ROOT).filter((r) => r.kind === "page").map((r) => r.file).sort();
  expect(Object.keys(SCREENS).sort()).toEqual(pages);
});

interface Seen {
  dialogs: string[];
  /** Requests for the injected <img src=x> (relative: …/x). */
  imageRequests: string[];
}

/** Watches a page for any sign the markup ran: a dialog, or a request for the injected image. */
function watch(page: Page): Seen {
  const seen: Seen = { dialogs: [], imageRequests: [] };
  page.on("dialog", async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.endsWith("/x")) seen.imageRequests.push(r.url());
  });
  return seen;
}

/** window.__xss unset, no element built from the markup, no dialog, no request for src=x. */
async function assertInert(page: Page, where: string, seen: Seen): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: typeof (window as unknown as { __xss?: unknown }).__xss,
    injected: document.querySelectorAll("img[src='x'], [onerror], [onload]").length,
    // Next's own inline scripts (self.__next_f) may carry page data as JSON strings; any other script with it is injected.
    scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent?.includes("window.__xss=1") && !s.textContent.includes("self.__next_f")).length,
  }));
  expect({ where, ...state, ...seen }).toEqual({ where, xss: "undefined", injected: 0, scripts: 0, dialogs: [], imageRequests: [] });
}

async function visit(page: Page, seen: Seen, name: string, url: string, shows: string[], prepare?: (page: Page) => Promise<void>): Promise<void> {
  await test.step(`${name}: ${url}`, async () => {
    const started = Date.now();
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await prepare?.(page);
    // Present as text proves React rendered it as text; a string parsed as HTML has no "<img" in its textContent.
    for (const text of shows) await expect(page.locator("main"), `${name} shows ${JSON.stringify(text)} as text`).toContainText(text);
    // Screens with nothing to wait for: let their data requests finish before looking.
    if (!shows.length) await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
    await assertInert(page, name, seen);
    timings.push(`${url.split("?")[0].replace(t, "…")} ${Date.now() - started} ms`);
  });
}

const timings: string[] = [];

test("stored markup renders as inert text on every console screen", async ({ page }) => {
  const seen = watch(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  let screens = 0;
  for (const [file, screen] of Object.entries(SCREENS)) {
    if (screen === "no stored data") continue;
    await visit(page, seen, file, screen.url(seeded), screen.shows, screen.prepare);
    screens++;
  }
  for (const v of EXTRA_VIEWS) await visit(page, seen, v.name, v.url(seeded), v.shows, v.prepare);
  // The "Download JSON" links of the job and failed-job screens, opened as pages: JSON, shown as text.
  for (const url of [`/api/jobs/${queue}/${seeded.failedId}/payload`, `/api/failed-jobs/${seeded.archivedUuid}/payload`]) {
    await test.step(`raw payload ${url}`, async () => {
      const res = await page.goto(url);
      expect(res?.headers()["content-type"]).toMatch(/^application\/json/);
      await expect(page.locator("body")).toContainText(S.payloadValue);
      await assertInert(page, url, seen);
    });
  }
  const strings = Object.values(SCREENS).reduce((n, s) => n + (s === "no stored data" ? 0 : s.shows.length), 0) + EXTRA_VIEWS.reduce((n, v) => n + v.shows.length, 0);
  console.info(`[xss] ${screens} screens + ${EXTRA_VIEWS.length} extra views, ${strings} stored strings found as text; ${timings.join(", ")}`);

  await test.step("control: the same payloads run when inserted as HTML, and every detector sees it", async () => {
    await page.evaluate((html) => {
      const div = document.createElement("div");
      div.innerHTML = html;
      document.body.append(div);
    }, IMG);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(1);
    await expect.poll(() => seen.imageRequests.length).toBeGreaterThan(0);
    await page.evaluate(() => delete (window as unknown as { __xss?: unknown }).__xss);
    // The tag's space-free variant runs too when parsed as HTML.
    await page.evaluate((html) => {
      const div = document.createElement("div");
      div.innerHTML = html;
      document.body.append(div);
    }, IMG_NO_SPACE);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(1);
    await page.evaluate(() => delete (window as unknown as { __xss?: unknown }).__xss);
    await page.evaluate((html) => document.body.append(document.createRange().createContextualFragment(html)), SCRIPT);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(1);
    await page.evaluate(() => alert("planted"));
    expect(seen.dialogs).toEqual(["planted"]);
    await expect(assertInert(page, "control", seen)).rejects.toThrow();
  });
});
