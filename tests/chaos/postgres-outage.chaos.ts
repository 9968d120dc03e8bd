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
//   - the workers process survives the outage (still running, exits 0 on SIGTERM);
//   - through a real `next start` (DATABASE_URL → the proxy, REDIS_URL/REDIS_PREFIX →
//     this file's Redis) with an admin signed in over HTTP: the console PAGES `/` and
//     `/failed` answer 200 with their normal content before the outage; once the
//     session cache (2 s) has expired in the outage they answer 500 with Next's error
//     document (only the error's digest in it: no stack trace, no database error text,
//     no redirect to /login), which Chromium renders as app/error.tsx ("The console
//     could not load this page", PostgreSQL or Redis may be unavailable, a reference,
//     "Try again"); /api/webhooks/events answers 503 JSON with a message; all answer
//     200 with normal content again within seconds of PostgreSQL returning.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { chromium, type Browser } from "playwright";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signInOverHttp } from "../authz/http-session";
import { freePort, startTestServer, type TestServer } from "../authz/test-server";
import { privateRedis, type PrivateRedis } from "./private-redis";
import { tcpProxy, type TcpProxy } from "./tcp-proxy";

const UP_MS = Number(process.env.PG_UP_MS ?? 5_000);
const OUTAGE_MS = Number(process.env.PG_OUTAGE_MS ?? 20_000);
const AFTER_MS = Number(process.env.PG_AFTER_MS ?? 5_000);
const ROOT = path.resolve(import.meta.dirname, "../..");
/** lib/auth/session-cache.ts keeps a user for 2 s: page samples count as "down" only after this much outage. */
const SESSION_CACHE_GRACE_MS = 3_000;
const admin = { email: `pg-outage-${randomUUID().slice(0, 8)}@chaos.test`, password: `pg-outage-${randomUUID()}` };

let redis: PrivateRedis;
let proxy: TcpProxy;
let companyId: string | undefined;
let agentId: string | undefined;
let server: TestServer | undefined;
let browser: Browser | undefined;

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
  // The real console, built, on the same proxy and the same private Redis.
  server = await startTestServer(ROOT, { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: process.env.REDIS_PREFIX });
}, 90_000);

afterAll(async () => {
  (await import("@/workers/testing/harness")).destroyAllWorkers();
  await browser?.close().catch(() => {});
  await server?.stop();
  await proxy?.restore();
  const { prisma } = await import("@/lib/db/client");
  const { removeUsers } = await import("../console/route-harness");
  await removeUsers().catch(() => {});
  const signedUp = await prisma().user.findUnique({ where: { email: admin.email }, select: { id: true } });
  if (signedUp) {
    await prisma().auditLog.deleteMany({ where: { actorId: signedUp.id } });
    await prisma().user.delete({ where: { id: signedUp.id } });
  }
  if (agentId) await prisma().webhookEvent.deleteMany({ where: { payload: { path: ["call", "agent_id"], equals: agentId } } });
  if (companyId) await prisma().company.delete({ where: { id: companyId } });
  await prisma().$disconnect();
  const { closeQueues } = await import("@/lib/queue");
  await Promise.race([closeQueues(), new Promise((r) => setTimeout(r, 2_000))]);
  await proxy?.close();
  await redis?.kill();
}, 60_000);

type Phase = "up" | "down" | "after";

const PAGES = [
  { path: "/", title: "Dashboard · Switchyard", heading: "Dashboard Queue health at a glance" },
  { path: "/failed", title: "Failed jobs · Switchyard", heading: "Failed jobs Jobs that failed for good" },
] as const;
/** What an admin must never be shown: a stack frame, the database driver's words, the internal error text. */
const LEAK = /\n\s+at \S|PrismaClient|Can(?:'|&#x27;|&#39;)t reach database|ECONNREFUSED|Connection terminated|prisma\./;
/** The status `next start` answers for a page whose layout threw (observed; see docs/RELIABILITY.md). */
const PAGE_DOWN_STATUS = 500;
const ERROR_TEXT = "The console could not load this page";

/** The visible text of an HTML page (scripts, styles and tags removed), whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * One page answer classified: "200 normal"; "500 error-document" = Next's error document (`<html id="__next_error__">`,
 * the RSC payload carrying only the error's digest), from which the browser renders app/error.tsx; else a failure.
 */
function classifyPage(status: number, location: string | null, html: string, title: string): string {
  if (status >= 300 && status < 400) return `${status} redirect ${location}`;
  if (!html.trim()) return `${status} blank`;
  if (LEAK.test(html)) return `${status} leak`;
  if (html.includes('<html id="__next_error__"') && /\\"digest\\":\\"\w+\\"/.test(html)) return `${status} error-document`;
  if (status === 200 && html.includes(`<title>${title}</title>`) && visibleText(html).includes(admin.email)) return "200 normal";
  return `${status} other`;
}

it(`PostgreSQL away for ${OUTAGE_MS / 1000} s: attempts fail and succeed on retry, nothing lost, the console answers 503 with a message, its pages the error page`, async () => {
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

  // An admin with a real password, signed in over HTTP like the login form; the page must be normal before the outage.
  const { createUser: createConsoleUser } = await import("@/lib/auth/users");
  await createConsoleUser({ email: admin.email, password: admin.password, role: "ADMIN" });
  const signedIn = await signInOverHttp(server!.baseUrl, admin.email, admin.password);
  if (!signedIn.cookie) throw new Error(`sign-in refused: ${signedIn.error}\n${server!.output()}`);
  const adminCookie = signedIn.cookie;
  const getPage = async (pagePath: string, title: string) => {
    const res = await fetch(server!.baseUrl + pagePath, { headers: { cookie: adminCookie }, redirect: "manual" });
    const html = await res.text();
    return { status: res.status, html, kind: classifyPage(res.status, res.headers.get("location"), html, title) };
  };
  for (const page of PAGES) expect((await getPage(page.path, page.title)).kind, `${page.path} before the outage`).toBe("200 normal");
  // What an admin sees: the page loaded in Debian's Chromium (as e2e/), its text once the screen or the error boundary is up.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const [cookieName, ...cookieValue] = adminCookie.split("=");
  const inBrowser = async (pagePath: string) => {
    const context = await browser!.newContext();
    try {
      await context.addCookies([{ name: cookieName, value: cookieValue.join("="), url: server!.baseUrl }]);
      const tab = await context.newPage();
      const res = await tab.goto(server!.baseUrl + pagePath, { waitUntil: "load" });
      await tab
        .waitForFunction(([a, b]) => document.body.innerText.includes(a) || document.body.innerText.includes(b), [ERROR_TEXT, admin.email], { timeout: 15_000 })
        .catch(() => {});
      return `${res?.status()} ${(await tab.evaluate(() => document.body.innerText)).replace(/\s+/g, " ").trim()}`;
    } finally {
      await context.close();
    }
  };
  const seen: Record<string, string> = {};
  for (const page of PAGES) seen[`${page.path} (up)`] = await inBrowser(page.path);

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
  let cutAt = 0;
  const pageTally: Record<string, number> = {};
  const pageSamples: Record<string, string> = {}; // first visible text / JSON body per path and answer kind while down
  const pageNormalAfterMs: Record<string, number> = {};

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

  // Pages and an API route through `next start`, with the admin's cookie. While down, a sample counts only
  // once the session cache has expired (before that a page may still render from the cached user); a request
  // that spans a phase change is labelled "before>after" and only the answer kinds it may have are checked.
  const pagePhase = () => (phase === "down" && Date.now() - cutAt < SESSION_CACHE_GRACE_MS ? "down-early" : phase);
  const pageReader = (async () => {
    while (running) {
      for (const page of PAGES) {
        const before = pagePhase();
        let kind: string;
        let html = "";
        try {
          const res = await getPage(page.path, page.title);
          kind = res.kind;
          html = res.html;
        } catch (e) {
          kind = `fetch failed ${(e as Error).message}`;
        }
        const current = before === pagePhase() ? before : `${before}>${pagePhase()}`;
        if (current === "down" && !pageSamples[`${page.path} ${kind}`]) pageSamples[`${page.path} ${kind}`] = html.replace(/<script[\s\S]*?<\/script>/g, "").slice(0, 300);
        if (current === "after" && kind === "200 normal" && pageNormalAfterMs[page.path] === undefined) pageNormalAfterMs[page.path] = Date.now() - restoredAt;
        pageTally[`page ${page.path} ${kind} (${current})`] = (pageTally[`page ${page.path} ${kind} (${current})`] ?? 0) + 1;
      }
      const before = pagePhase();
      let apiKind: string;
      let text = "";
      try {
        const res = await fetch(`${server!.baseUrl}/api/webhooks/events?limit=5`, { headers: { cookie: adminCookie }, redirect: "manual" });
        text = await res.text();
        let body: { error?: { code?: string; message?: string } } | undefined;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const jsonError = res.headers.get("content-type")?.includes("application/json") && body?.error?.code && body.error.message ? ` ${body.error.code}` : "";
        apiKind = `${res.status}${jsonError}${LEAK.test(text) ? " leak" : ""}`;
      } catch (e) {
        apiKind = `fetch failed ${(e as Error).message}`;
      }
      const current = before === pagePhase() ? before : `${before}>${pagePhase()}`;
      if (current === "down" && !pageSamples[`api ${apiKind}`]) pageSamples[`api ${apiKind}`] = text.slice(0, 400);
      if (current === "after" && apiKind === "200" && pageNormalAfterMs.api === undefined) pageNormalAfterMs.api = Date.now() - restoredAt;
      pageTally[`api ${apiKind} (${current})`] = (pageTally[`api ${apiKind} (${current})`] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  await new Promise((r) => setTimeout(r, UP_MS));
  phase = "down";
  cutAt = Date.now();
  await proxy.cut();
  await new Promise((r) => setTimeout(r, SESSION_CACHE_GRACE_MS));
  for (const page of PAGES) seen[`${page.path} (down)`] = await inBrowser(page.path);
  const inBrowserDownMs = Date.now() - cutAt;
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
  await proxy.restore();
  restoredAt = Date.now();
  phase = "after";
  await new Promise((r) => setTimeout(r, AFTER_MS));
  // The console must be answering 200 again before the load stops.
  await harness.waitFor(() => firstConsole200AfterMs !== undefined, 30_000, "the console answering 200 after the outage").catch(() => {});
  await harness
    .waitFor(() => PAGES.every((p) => pageNormalAfterMs[p.path] !== undefined) && pageNormalAfterMs.api !== undefined, 30_000, "pages normal after the outage")
    .catch(() => {});
  for (const page of PAGES) seen[`${page.path} (after)`] = await inBrowser(page.path);
  running = false;
  await Promise.all([producer, consoleReader, pageReader]);

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
  console.log(
    `[chaos:postgres-outage] next start: ${JSON.stringify(pageTally)}; normal again after PostgreSQL returned (ms) ${JSON.stringify(pageNormalAfterMs)}; ` +
      `samples while down ${JSON.stringify(pageSamples)}; in Chromium ${JSON.stringify(seen)} (down views done ${inBrowserDownMs} ms into the outage)`,
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
  // Console pages through `next start`: normal before; while down (session cache expired) only the error boundary
  // with its message and the expected status — no stack trace, no driver text, no blank body, no redirect to /login;
  // the API route 503 JSON with a message; normal (200, title, the admin's email) again within seconds.
  for (const page of PAGES) {
    const ofPage = (phase: string) => Object.keys(pageTally).filter((k) => k.startsWith(`page ${page.path} `) && k.endsWith(`(${phase})`));
    expect(ofPage("up"), `${page.path} before the outage`).toEqual([`page ${page.path} 200 normal (up)`]);
    expect(ofPage("down"), `${page.path} during the outage`).toEqual([`page ${page.path} ${PAGE_DOWN_STATUS} error-document (down)`]);
    expect(pageTally[`page ${page.path} ${PAGE_DOWN_STATUS} error-document (down)`], `${page.path} samples during the outage`).toBeGreaterThan(3);
    expect(ofPage("down-early").filter((k) => !/ (200 normal|\d+ error-document) /.test(k)), `${page.path} in the first seconds of the outage`).toEqual([]);
    expect(pageNormalAfterMs[page.path], `${page.path} normal again after PostgreSQL returned`).toBeLessThan(AFTER_MS + 10_000);
    // In the browser: the screen with the admin's email before and after, the error boundary's message while down.
    for (const when of ["up", "after"]) {
      expect(seen[`${page.path} (${when})`], `${page.path} in Chromium (${when})`).toMatch(new RegExp(`^200 .*${admin.email.replace(/[.]/g, "\\.")}.*${page.heading}`));
      expect(seen[`${page.path} (${when})`]).not.toContain(ERROR_TEXT);
    }
    expect(seen[`${page.path} (down)`], `${page.path} in Chromium during the outage`).toMatch(
      new RegExp(`^${PAGE_DOWN_STATUS} ${ERROR_TEXT} A backing service \\(PostgreSQL or Redis\\) may be unavailable\\. The server log has the details \\(reference \\w+\\)\\. Try again$`),
    );
  }
  const apiKeys = (phase: string) => Object.keys(pageTally).filter((k) => k.startsWith("api ") && k.endsWith(`(${phase})`));
  expect(apiKeys("up")).toEqual(["api 200 (up)"]);
  expect(apiKeys("down"), "/api/webhooks/events through next start during the outage").toEqual(["api 503 service_unavailable (down)"]);
  expect(JSON.parse(pageSamples["api 503 service_unavailable"])).toMatchObject({ error: { code: "service_unavailable", message: expect.stringMatching(/PostgreSQL/) } });
  expect(pageNormalAfterMs.api, "/api/webhooks/events 200 again after PostgreSQL returned").toBeLessThan(AFTER_MS + 10_000);
  // The workers process rode it out.
  expect(w.proc.exitCode).toBeNull();
  expect(await w.stop("SIGTERM")).toBe(0);
}, 2 * OUTAGE_MS + 420_000); // the outage, then up to outage + 150 s of retries (backoff) and startup
