// The authorization matrix: every page and every route handler under app/,
// found from the file tree, × {anonymous, viewer, admin, disabled user},
// through the real proxy and handlers of the built app (`next start`), plus
// each handler called directly (no proxy) to prove it guards itself.
// A new route is covered the moment its file exists; one built without
// route() (lib/http/route.ts) and not listed in lib/auth/public-paths.ts fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { prisma } from "@/lib/db/client";
import { isPublicPath } from "@/lib/auth/public-paths";
import { GATE_HEADER } from "@/lib/auth/proxy-decision";
import { createUser } from "@/lib/auth/users";
import { SESSION_CACHE_TTL_MS } from "@/lib/auth/session-cache";
import { AUTHZ_PROBE_HEADER, effectiveLevel, type GuardedHandler } from "@/lib/http/route";
import { ACCOUNT_DISABLED } from "@/lib/auth/authorize";
import { discoverRoutes, HTTP_METHODS, SAMPLE_SEGMENT, type DiscoveredRoute, type HttpMethod } from "./discover-routes";
import { signInOverHttp } from "./http-session";
import { startTestServer, type TestServer } from "./test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RUN = randomUUID().slice(0, 8);
const routes = discoverRoutes(ROOT);
const pages = routes.filter((r) => r.kind === "page");
const apis = routes.filter((r) => r.kind === "api");

type Who = "anonymous" | "viewer" | "admin" | "disabled";
const users = {
  viewer: { email: `viewer-${RUN}@authz.test`, password: `viewer-${RUN}-pw`, role: "VIEWER" as const },
  admin: { email: `admin-${RUN}@authz.test`, password: `admin-${RUN}-pw`, role: "ADMIN" as const },
  // Signed in while enabled, then disabled: its still-valid cookie must stop working.
  disabled: { email: `later-disabled-${RUN}@authz.test`, password: `disabled-${RUN}-pw`, role: "ADMIN" as const },
  neverEnabled: { email: `disabled-${RUN}@authz.test`, password: `never-${RUN}-pw`, role: "VIEWER" as const },
  throttled: { email: `burst-${RUN}@authz.test`, password: `burst-${RUN}-pw`, role: "VIEWER" as const },
};
const cookies: Record<Who, string | undefined> = { anonymous: undefined, viewer: undefined, admin: undefined, disabled: undefined };

let server: TestServer;
const modules = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  for (const u of Object.values(users)) await createUser(u);
  await prisma().user.update({ where: { email: users.neverEnabled.email }, data: { disabled: true } });
  server = await startTestServer(ROOT, { AUTHZ_PROBE: "1" });
  for (const who of ["viewer", "admin", "disabled"] as const) {
    const result = await signInOverHttp(server.baseUrl, users[who].email, users[who].password);
    if (!result.cookie) throw new Error(`${who} could not sign in: ${result.error}\n${server.output()}`);
    cookies[who] = result.cookie;
  }
  await prisma().user.update({ where: { email: users.disabled.email }, data: { disabled: true } });
  // Disabled from this process, not through the server's user-admin.ts: the server may serve its
  // cached answer for up to the documented TTL (docs/SECURITY.md), and not one millisecond longer.
  await new Promise((r) => setTimeout(r, SESSION_CACHE_TTL_MS));
  for (const r of apis) modules.set(r.file, await import(path.join(ROOT, r.file)));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await prisma().user.deleteMany({ where: { email: { in: Object.values(users).map((u) => u.email) } } });
});

function send(who: Who, url: string, method: HttpMethod | "GET" = "GET", extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: server.baseUrl, [AUTHZ_PROBE_HEADER]: "1", ...extra };
  if (cookies[who]) headers.cookie = cookies[who]!;
  return fetch(server.baseUrl + url, { method, headers, redirect: "manual" });
}

function methodsOf(route: DiscoveredRoute): HttpMethod[] {
  const mod = modules.get(route.file)!;
  return HTTP_METHODS.filter((m) => typeof mod[m] === "function");
}

/** Calls the handler in-process, bypassing the proxy entirely. */
function callDirect(route: DiscoveredRoute, method: HttpMethod, who: Who): Promise<Response> {
  const handler = modules.get(route.file)![method] as GuardedHandler;
  const headers: Record<string, string> = { host: new URL(server.baseUrl).host, origin: server.baseUrl };
  if (cookies[who]) headers.cookie = cookies[who]!;
  return handler(new Request(server.baseUrl + route.url, { method, headers }), { params: Promise.resolve(route.params as Record<string, string>) });
}

describe("discovery", () => {
  it("sees the console's pages and route handlers (so the matrix below is not vacuous)", () => {
    expect(pages.map((p) => p.url)).toEqual(expect.arrayContaining(["/", "/login", "/queues", "/failed", "/audit"]));
    expect(apis.map((a) => a.url)).toEqual(expect.arrayContaining(["/api/me", "/api/users", "/api/health"]));
  });
});

describe.each(apis)("$url ($file)", (route) => {
  const isPublic = isPublicPath(route.url);

  it(isPublic ? "is public: the proxy lets anonymous callers reach the handler" : "is built with route() and guarded for every method", async () => {
    const methods = methodsOf(route);
    expect(methods.length, `${route.file} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of methods) {
      const handler = modules.get(route.file)![method] as Partial<GuardedHandler>;
      if (isPublic) {
        const res = await send("anonymous", route.url, method);
        expect(res.headers.get(GATE_HEADER), `${method} ${route.url}`).toBeNull();
        continue;
      }
      expect(
        handler.auth,
        `${method} in ${route.file} is not built with route({ auth }) from lib/http/route.ts — wrap it, or add its path to lib/auth/public-paths.ts if it must be public`,
      ).toMatch(/^(viewer|admin)$/);
    }
  });

  if (isPublic) return;

  it("anonymous: 401 JSON from the proxy, and 401 from the handler itself", async () => {
    for (const method of methodsOf(route)) {
      const res = await send("anonymous", route.url, method);
      expect([method, res.status, res.headers.get(GATE_HEADER)]).toEqual([method, 401, "proxy"]);
      expect((await res.json()).error.code).toBe("unauthenticated");
      const direct = await callDirect(route, method, "anonymous");
      expect([method, direct.status]).toEqual([method, 401]);
    }
  });

  it("disabled user with a session from before: 401 from the handler's database re-check", async () => {
    for (const method of methodsOf(route)) {
      const res = await send("disabled", route.url, method);
      expect([method, res.status, res.headers.get(GATE_HEADER)]).toEqual([method, 401, null]);
      expect((await callDirect(route, method, "disabled")).status).toBe(401);
    }
  });

  it("viewer: reads what the route allows viewers, 403 on admin reads and on every mutation", async () => {
    for (const method of methodsOf(route)) {
      const level = effectiveLevel((modules.get(route.file)![method] as GuardedHandler).auth, method);
      const res = await send("viewer", route.url, method);
      if (level === "admin") {
        expect([method, res.status]).toEqual([method, 403]);
        expect((await res.json()).error.code).toBe("forbidden");
        expect((await callDirect(route, method, "viewer")).status).toBe(403);
      } else {
        expect([method, res.status, res.headers.get(AUTHZ_PROBE_HEADER)]).toEqual([method, 204, "passed"]);
      }
    }
  });

  it("admin: passes the guard on every method", async () => {
    for (const method of methodsOf(route)) {
      const res = await send("admin", route.url, method);
      expect([method, res.status, res.headers.get(AUTHZ_PROBE_HEADER)]).toEqual([method, 204, "passed"]);
    }
  });
});

describe.each(pages)("page $url ($file)", (route) => {
  if (isPublicPath(route.url)) {
    it("is public: anonymous visitors get it", async () => {
      expect((await send("anonymous", route.url)).status).toBe(200);
    });
    return;
  }
  const okStatuses = route.dynamic ? [200, 404] : [200];

  it("anonymous: redirected by the proxy to /login?next=<the page>", async () => {
    const res = await send("anonymous", route.url);
    expect(res.status).toBe(307);
    expect(res.headers.get(GATE_HEADER)).toBe("proxy");
    const location = new URL(res.headers.get("location")!, server.baseUrl);
    expect(location.pathname).toBe("/login");
    if (route.url !== "/") expect(location.searchParams.get("next")).toBe(route.url);
  });

  it("disabled user with a session from before: sent to /login with SessionEnded", async () => {
    const res = await send("disabled", route.url);
    expect(res.status, `${route.file} rendered for a disabled user: render it inside app/(console) or call requirePageUser()`).toBe(307);
    const location = new URL(res.headers.get("location")!, server.baseUrl);
    expect([location.pathname, location.searchParams.get("error")]).toEqual(["/login", "SessionEnded"]);
  });

  it("viewer and admin: rendered", async () => {
    expect(okStatuses).toContain((await send("viewer", route.url)).status);
    expect(okStatuses).toContain((await send("admin", route.url)).status);
  });
});

describe("a path that ends like a static file", () => {
  // We serve no file outside Next's own _next/static (there is no public/ folder), and a job id may well end in
  // `.png` or `.js` (a key is the caller's): such a job's page and API paths must meet the proxy like any other.
  const EXTENSIONS = [".png", ".jpg", ".svg", ".ico", ".css", ".js", ".map", ".txt", ".woff2"];
  const like = (route: DiscoveredRoute, ext: string) => route.url.replaceAll(SAMPLE_SEGMENT, `${SAMPLE_SEGMENT}${ext}`);

  it("in a dynamic API route: 401 JSON from the proxy", async () => {
    const dynamic = apis.filter((r) => r.dynamic && !isPublicPath(r.url));
    expect(dynamic.map((r) => r.url)).toEqual(expect.arrayContaining(["/api/jobs/authz-probe/authz-probe"]));
    for (const route of dynamic) {
      for (const ext of EXTENSIONS) {
        const res = await send("anonymous", like(route, ext), methodsOf(route)[0]);
        expect([like(route, ext), res.status, res.headers.get(GATE_HEADER)]).toEqual([like(route, ext), 401, "proxy"]);
      }
    }
  });

  it("in a dynamic page: redirected to /login by the proxy", async () => {
    const dynamic = pages.filter((r) => r.dynamic && !isPublicPath(r.url));
    expect(dynamic.length).toBeGreaterThan(0);
    for (const route of dynamic) {
      for (const ext of EXTENSIONS) {
        const res = await send("anonymous", like(route, ext));
        expect([like(route, ext), res.status, res.headers.get(GATE_HEADER)]).toEqual([like(route, ext), 307, "proxy"]);
      }
    }
  });
});

describe("through the real server", () => {
  it("/api/me answers with the signed-in user's role, fresh from the database", async () => {
    const res = await fetch(`${server.baseUrl}/api/me`, { headers: { cookie: cookies.viewer! } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ email: users.viewer.email, role: "VIEWER" }) });
  });

  it("refuses a cross-site form post or fetch even with an admin's cookie (CSRF)", async () => {
    const mutation = apis.find((r) => !isPublicPath(r.url) && methodsOf(r).some((m) => m !== "GET"))!;
    const method = methodsOf(mutation).find((m) => m !== "GET")!;
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "null" },
    ];
    for (const headers of attempts) {
      const res = await send("admin", mutation.url, method, headers);
      expect([JSON.stringify(headers), res.status]).toEqual([JSON.stringify(headers), 403]);
      expect((await res.json()).error.code).toBe("csrf_rejected");
    }
  });

  it("a disabled account cannot sign in, and is told so only after the right password", async () => {
    expect(await signInOverHttp(server.baseUrl, users.neverEnabled.email, users.neverEnabled.password)).toEqual({ cookie: null, error: ACCOUNT_DISABLED });
    expect(await signInOverHttp(server.baseUrl, users.neverEnabled.email, "wrong-password")).toEqual({ cookie: null, error: "CredentialsSignin" });
  });

  it("throttles a scripted burst of wrong passwords: 5 tried, the rest (and then the right one) refused", async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, () => signInOverHttp(server.baseUrl, users.throttled.email, "wrong-password")));
    const wrong = burst.filter((r) => r.error === "CredentialsSignin").length;
    const throttled = burst.filter((r) => r.error?.startsWith("Too many failed sign-in attempts for this email. Try again in")).length;
    expect([wrong, throttled]).toEqual([5, 7]);
    const right = await signInOverHttp(server.baseUrl, users.throttled.email, users.throttled.password);
    expect(right.cookie).toBeNull();
    expect(right.error).toMatch(/^Too many failed sign-in attempts/);
  });
});
