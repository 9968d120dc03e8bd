// CSRF on every destructive route, found from the file tree: each route handler
// exporting POST/PUT/PATCH/DELETE (except the ones no session cookie authorizes,
// listed below with the reason) must refuse a cross-site request that carries a
// valid ADMIN session cookie — through the built app (`next start`: proxy +
// handler) and with the handler called directly — with 403 `csrf_rejected`, the
// code only the first step of route() (lib/http/route.ts) produces, i.e. before
// the guard, the body parser and the handler ran. For six representative routes
// the same attacks are made without the probe header and Redis / PostgreSQL /
// the audit log are checked unchanged, then the same request made same-origin is
// shown to change them (so the checks can fail). Finally: a GET (or PUT/PATCH/
// DELETE where not exported) to a mutation path changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isPublicPath } from "@/lib/auth/public-paths";
import { createUser } from "@/lib/auth/users";
import { AUTHZ_PROBE_HEADER, type GuardedHandler } from "@/lib/http/route";
import { closeQueues, getQueue, recordFailure } from "@/lib/queue";
import { closeConsoleRedis, consoleRedis } from "@/lib/console/redis";
import { publishMaster } from "@/lib/supervisor/heartbeats";
import { commandsKey } from "@/lib/supervisor/commands";
import { tagKeys } from "@/lib/tags/tag-keys";
import { discoverRoutes, HTTP_METHODS, type DiscoveredRoute, type HttpMethod } from "../authz/discover-routes";
import { signInOverHttp } from "../authz/http-session";
import { startTestServer, type TestServer } from "../authz/test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUN = randomUUID().slice(0, 8);

/** Mutating routes a session cookie does not authorize, so a forged cross-site request gains nothing from one. */
const NOT_COOKIE_AUTHORIZED: Record<string, string> = {
  "app/api/retell/webhook/route.ts": "Retell's webhook: every delivery is HMAC-verified (tests/security/webhook-fuzz.int.test.ts)",
  "app/api/retell/webhook/baseline/route.ts": "bench baseline: no state, 404 unless SWITCHYARD_BENCH_BASELINE=1",
  "app/api/auth/[...nextauth]/route.ts": "next-auth: sign-in/sign-out POSTs carry next-auth's double-submit CSRF token",
};
const MUTATING: HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

const apis = discoverRoutes(ROOT).filter((r) => r.kind === "api");
// Imported at collection time so the cases below are one per mutating handler.
const modules = new Map<string, Record<string, unknown>>();
for (const r of apis) modules.set(r.file, await import(path.join(ROOT, r.file)));
const methodsOf = (r: DiscoveredRoute) => HTTP_METHODS.filter((m) => typeof modules.get(r.file)![m] === "function");
const mutations = apis
  .filter((r) => !NOT_COOKIE_AUTHORIZED[r.file])
  .flatMap((route) => methodsOf(route).filter((m) => MUTATING.includes(m)).map((method) => ({ route, method })));

/** The four attacks the brief names, plus two near-misses an origin check often gets wrong. */
const EVIL = "https://evil.example";
const attacks = (baseUrl: string): { name: string; headers: Record<string, string>; form?: boolean }[] => [
  // What Chromium sends for <form method=post action=…> auto-submitted on another site.
  { name: "cross-site HTML form post", form: true, headers: { origin: EVIL, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" } },
  { name: "Sec-Fetch-Site: cross-site (no Origin)", headers: { "sec-fetch-site": "cross-site" } },
  { name: "Origin: https://evil.example", headers: { origin: EVIL } },
  { name: "Origin: null (sandboxed iframe, data: URL)", headers: { origin: "null" } },
  { name: "Sec-Fetch-Site: same-site (a sibling subdomain)", headers: { "sec-fetch-site": "same-site" } },
  { name: "Origin that merely starts with ours", headers: { origin: `${baseUrl}.evil.example` } },
];

let server: TestServer;
let adminCookie = "";
let adminId = "";
const admin = { email: `csrf-admin-${RUN}@csrf.test`, password: `csrf-admin-${RUN}-pw`, role: "ADMIN" as const };

beforeAll(async () => {
  adminId = (await createUser(admin)).id;
  server = await startTestServer(ROOT, { AUTHZ_PROBE: "1" });
  const signIn = await signInOverHttp(server.baseUrl, admin.email, admin.password);
  if (!signIn.cookie) throw new Error(`admin could not sign in: ${signIn.error}\n${server.output()}`);
  adminCookie = signIn.cookie;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await prisma().auditLog.deleteMany({ where: { actorId: adminId } });
  await prisma().user.deleteMany({ where: { email: { in: [admin.email, `csrf-made-${RUN}@csrf.test`] } } });
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await closeQueues();
  await closeConsoleRedis();
});

interface Sent {
  status: number;
  code: string | null;
  probe: string | null;
}

async function sent(res: Response): Promise<Sent> {
  const text = await res.text();
  let code: string | null = null;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    // not JSON (204, 405)
  }
  return { status: res.status, code, probe: res.headers.get(AUTHZ_PROBE_HEADER) };
}

function bodyFor(form: boolean | undefined, body: Record<string, unknown> | undefined): { body?: string; type?: string } {
  if (form) return { body: new URLSearchParams(Object.entries(body ?? { a: "1" }).map(([k, v]) => [k, String(v)])).toString(), type: "application/x-www-form-urlencoded" };
  if (body) return { body: JSON.stringify(body), type: "application/json" };
  return {};
}

/** Through the real server: proxy, then the handler. */
async function send(method: string, url: string, headers: Record<string, string>, opts: { form?: boolean; body?: Record<string, unknown>; probe?: boolean } = {}): Promise<Sent> {
  const b = bodyFor(opts.form, opts.body);
  const h: Record<string, string> = { cookie: adminCookie, ...headers };
  if (b.type) h["content-type"] = b.type;
  if (opts.probe) h[AUTHZ_PROBE_HEADER] = "1";
  return sent(await fetch(server.baseUrl + url, { method, headers: h, body: b.body, redirect: "manual" }));
}

/** The handler alone, as Next would call it, without the proxy in front. */
async function callDirect(route: DiscoveredRoute, method: HttpMethod, headers: Record<string, string>, form?: boolean): Promise<Sent> {
  const handler = modules.get(route.file)![method] as GuardedHandler;
  const b = bodyFor(form, undefined);
  const h: Record<string, string> = { host: new URL(server.baseUrl).host, cookie: adminCookie, [AUTHZ_PROBE_HEADER]: "1", ...headers };
  if (b.type) h["content-type"] = b.type;
  const req = new Request(server.baseUrl + route.url, { method, headers: h, body: b.body });
  return sent(await handler(req, { params: Promise.resolve(route.params as Record<string, string>) }));
}

const sameOrigin = () => ({ origin: server.baseUrl, "sec-fetch-site": "same-origin" });
const auditRows = () => prisma().auditLog.count({ where: { actorId: adminId } });

describe("discovery", () => {
  it("finds the console's mutating routes from the file tree, and every exclusion is a real, cookie-less public route", () => {
    expect(mutations.map((m) => `${m.method} ${m.route.url}`)).toEqual(
      expect.arrayContaining(["POST /api/queues/authz-probe/pause", "POST /api/failed-jobs/flush", "POST /api/users", "POST /api/supervisors/commands"]),
    );
    for (const [file, why] of Object.entries(NOT_COOKIE_AUTHORIZED)) {
      expect(existsSync(path.join(ROOT, file)), `stale exclusion ${file}`).toBe(true);
      const route = apis.find((r) => r.file === file)!;
      expect(isPublicPath(route.url), `${file} is excluded (${why}) but is not a public path: a session cookie would authorize it`).toBe(true);
    }
    console.info(`[csrf] ${mutations.length} mutating route handlers (${new Set(mutations.map((m) => m.route.file)).size} files) × ${attacks("x").length} attacks × {server, direct}`);
  });
});

describe("every mutating route handler refuses cross-site requests made with an admin's cookie", () => {
  it.each(mutations.map((m) => [`${m.method} ${m.route.url}`, m] as const))("%s", async (_name, { route, method }) => {
    // Control: the same cookie, same-origin, passes every check up to the handler (the probe stops it there).
    expect(await send(method, route.url, sameOrigin(), { probe: true })).toEqual({ status: 204, code: null, probe: "passed" });
    for (const attack of attacks(server.baseUrl)) {
      const label = `${method} ${route.url}: ${attack.name}`;
      expect([label, await send(method, route.url, attack.headers, { form: attack.form, probe: true })]).toEqual([label, { status: 403, code: "csrf_rejected", probe: null }]);
      expect([`${label} (handler called directly)`, await callDirect(route, method, attack.headers, attack.form)]).toEqual([
        `${label} (handler called directly)`,
        { status: 403, code: "csrf_rejected", probe: null },
      ]);
    }
  });
});

describe("state is unchanged after the attacks, and changed by the same request made same-origin", () => {
  const queue = "low"; // a configured queue, under this file's own REDIS_PREFIX
  const failedQueue = `csrf-failed-${RUN}`;
  const master = `csrf-host-${RUN}-ab12`;
  const tag = `csrf-tag-${RUN}`;
  const newUser = `csrf-made-${RUN}@csrf.test`;
  let jobId = "";
  let failedUuid = "";

  beforeAll(async () => {
    await getQueue(queue).resume();
    [jobId] = (await getQueue(queue).addBulk([{ name: "CsrfVictim", data: { payload: { n: 1 }, meta: { dispatchedAt: Date.now() } } }])).map((j) => j.id!);
    failedUuid = (await recordFailure({
      connection: "redis", queue: failedQueue, jobId: `csrf-${RUN}`, jobName: "CsrfFailed", payload: { n: 1 }, error: new Error("boom"), attempts: 1, failReason: "max_tries",
    })).uuid;
    const now = Date.now();
    await publishMaster(consoleRedis(), {
      name: master, host: `csrf-host-${RUN}`, pid: 4242, environment: "local", status: "running", supervisors: [], memoryMb: 80, startedAt: now, lastSeen: now,
    }, 60_000);
  });

  afterAll(async () => {
    await getQueue(queue).resume();
    await getQueue(queue).obliterate({ force: true }).catch(() => undefined);
  });

  const failedRows = () => prisma().failedJob.count({ where: { prefix: env().REDIS_PREFIX, queue: failedQueue } });
  const cases: { name: string; url: () => string; body?: () => Record<string, unknown>; state: () => Promise<unknown>; before: unknown; after: unknown }[] = [
    { name: "pause a queue (Redis)", url: () => `/api/queues/${queue}/pause`, state: () => getQueue(queue).isPaused(), before: false, after: true },
    { name: "remove a job (Redis)", url: () => `/api/jobs/${queue}/${jobId}/remove`, state: async () => Boolean(await getQueue(queue).getJob(jobId)), before: true, after: false },
    { name: "flush failed jobs (PostgreSQL)", url: () => "/api/failed-jobs/flush", body: () => ({ queue: failedQueue, expected: 1 }), state: failedRows, before: 1, after: 0 },
    { name: "create an admin user (PostgreSQL)", url: () => "/api/users", body: () => ({ email: newUser, role: "ADMIN", password: "a-long-enough-password" }), state: () => prisma().user.count({ where: { email: newUser } }), before: 0, after: 1 },
    { name: "pause the workers (Redis command list)", url: () => "/api/supervisors/commands", body: () => ({ type: "pause", master }), state: () => consoleRedis().llen(commandsKey(master)), before: 0, after: 1 },
    { name: "monitor a tag (Redis)", url: () => "/api/tags/monitor", body: () => ({ tag }), state: () => consoleRedis().sismember(tagKeys.monitored(), tag), before: 0, after: 1 },
  ];

  it("GET (and unexported PUT/PATCH/DELETE) on every mutation path: 405, or a read with nothing changed", async () => {
    let refused = 0;
    for (const { route } of mutations) {
      for (const method of HTTP_METHODS.filter((m) => m !== "POST")) {
        if (methodsOf(route).includes(method)) continue;
        const res = await send(method, `${route.url}?state=failed&type=pause&expected=1`, sameOrigin());
        expect([method, route.url, res.status]).toEqual([method, route.url, 405]);
        refused++;
      }
    }
    const withGet = mutations.filter((m) => methodsOf(m.route).includes("GET")).map((m) => m.route.url);
    console.info(`[csrf] ${refused} GET/PUT/PATCH/DELETE requests to mutation paths → 405; paths that also answer GET (reads): ${withGet.join(", ")}`);
    // The three mutation paths that also answer GET answer it with a count, never by acting.
    const reads = [
      `/api/failed-jobs/flush?queue=${failedQueue}&expected=1`,
      `/api/failed-jobs/retry?uuids=${failedUuid}`,
      `/api/queues/${queue}/clean?state=waiting`,
    ];
    for (const url of reads) expect([url, (await send("GET", url, sameOrigin())).status]).toEqual([url, 200]);
    for (const c of cases) expect([c.name, await c.state()]).toEqual([c.name, c.before]);
    const failed = await prisma().failedJob.findUniqueOrThrow({ where: { uuid: failedUuid } });
    expect(failed.retriedAt).toBeNull();
    expect(await auditRows()).toBe(0);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expect(await c.state()).toEqual(c.before);
    const audited = await auditRows();
    for (const attack of attacks(server.baseUrl)) {
      const res = await send("POST", c.url(), attack.headers, { form: attack.form, body: c.body?.() });
      expect([attack.name, res.status, res.code]).toEqual([attack.name, 403, "csrf_rejected"]);
      expect([attack.name, await c.state()]).toEqual([attack.name, c.before]);
    }
    expect(await auditRows()).toBe(audited);
    // Control: the same request from the console's own origin does act (and is audited).
    const ok = await send("POST", c.url(), sameOrigin(), { body: c.body?.() });
    expect(ok.status, `same-origin ${c.name}: ${JSON.stringify(ok)}`).toBeLessThan(300);
    expect(await c.state()).toEqual(c.after);
    expect(await auditRows()).toBe(audited + 1);
  });
});
