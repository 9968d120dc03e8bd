import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { NotFound } from "./app-error";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null; role: "ADMIN" | "VIEWER" } }));
vi.mock("../auth/session", () => ({
  userFromRequest: vi.fn(async () => session.user),
  currentUser: vi.fn(async () => session.user),
}));

const { route } = await import("./route");

const ADMIN = { id: "u1", email: "admin@example.test", name: null, role: "ADMIN" as const };
const VIEWER = { id: "u2", email: "viewer@example.test", name: null, role: "VIEWER" as const };
const ORIGIN = "http://127.0.0.1:3100";

function request(method: string, path = "/api/thing", init: { headers?: Record<string, string>; body?: string } = {}): Request {
  return new Request(`${ORIGIN}${path}`, { method, headers: { host: "127.0.0.1:3100", ...init.headers }, body: init.body });
}

const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

async function json(res: Response) {
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

beforeEach(() => {
  session.user = null;
});

describe("route(): authorization", () => {
  const readForViewers = route({ auth: "viewer" }, () => ({ ok: true }));
  const readForAdmins = route({ auth: "admin" }, () => ({ ok: true }));
  const mutationDeclaredViewer = route({ auth: "viewer" }, () => ({ changed: true }));

  it.each([
    // handler, method, user, status
    ["viewer read", readForViewers, "GET", null, 401],
    ["viewer read", readForViewers, "GET", VIEWER, 200],
    ["viewer read", readForViewers, "GET", ADMIN, 200],
    ["admin read", readForAdmins, "GET", null, 401],
    ["admin read", readForAdmins, "GET", VIEWER, 403],
    ["admin read", readForAdmins, "GET", ADMIN, 200],
    // Any mutation needs an admin even when the route was declared "viewer".
    ["mutation", mutationDeclaredViewer, "POST", null, 401],
    ["mutation", mutationDeclaredViewer, "POST", VIEWER, 403],
    ["mutation", mutationDeclaredViewer, "DELETE", VIEWER, 403],
    ["mutation", mutationDeclaredViewer, "PATCH", ADMIN, 200],
  ] as const)("%s: %s as %o → %i", async (_name, handler, method, user, status) => {
    session.user = user;
    const res = await handler(request(method, "/api/thing", { headers: { origin: ORIGIN } }));
    expect(res.status).toBe(status);
  });

  it("answers 401 and 403 as JSON with a code and a message", async () => {
    expect(await json(await readForAdmins(request("GET")))).toEqual({
      status: 401,
      body: { error: { code: "unauthenticated", message: "Sign in to use the console." } },
    });
    session.user = VIEWER;
    expect(await json(await readForAdmins(request("GET")))).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: "Your role may read but not change this." } },
    });
  });

  it("exposes the declared level for the authorization test", () => {
    expect(readForViewers.auth).toBe("viewer");
    expect(readForAdmins.auth).toBe("admin");
  });

  it("passes the signed-in user to the handler", async () => {
    session.user = VIEWER;
    const me = route({ auth: "viewer" }, ({ user }) => ({ email: user.email }));
    expect(await json(await me(request("GET")))).toEqual({ status: 200, body: { email: VIEWER.email } });
  });
});

describe("route(): CSRF", () => {
  const mutate = vi.fn(() => ({ done: true }));
  const handler = route({ auth: "admin" }, mutate);

  beforeEach(() => {
    session.user = ADMIN;
    mutate.mockClear();
  });

  it.each([
    [{ origin: "https://evil.example" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ origin: "null" }, 403],
    [{ origin: ORIGIN, "sec-fetch-site": "same-origin" }, 200],
    [{}, 200],
  ])("POST with %j → %i", async (headers, status) => {
    const res = await handler(request("POST", "/api/thing", { headers }));
    expect(res.status).toBe(status);
    expect(mutate).toHaveBeenCalledTimes(status === 200 ? 1 : 0);
    if (status === 403) expect((await res.json()).error.code).toBe("csrf_rejected");
  });

  it("refuses a cross-site POST before looking at the session (even a viewer's)", async () => {
    session.user = VIEWER;
    const res = await handler(request("POST", "/api/thing", { headers: { origin: "https://evil.example" } }));
    expect((await res.json()).error.code).toBe("csrf_rejected");
  });

  it("does not check reads", async () => {
    const res = await handler(request("GET", "/api/thing", { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } }));
    expect(res.status).toBe(200);
  });
});

describe("route(): parsing with zod", () => {
  const handler = route(
    {
      auth: "admin",
      params: z.object({ queue: z.enum(["default", "emails"]) }),
      query: z.object({ limit: z.coerce.number().int().max(500).default(50) }),
      body: z.object({ reason: z.string().min(3) }),
    },
    ({ params, query, body }) => ({ params, query, body }),
  );

  beforeEach(() => {
    session.user = ADMIN;
  });

  const post = (path: string, body: string | undefined, type = "application/json") =>
    request("POST", path, { headers: { "content-type": type }, body });

  it("hands typed params, query and body to the handler", async () => {
    const res = await handler(post("/api/q/emails?limit=10", JSON.stringify({ reason: "stuck" })), params({ queue: "emails" }));
    expect(await json(res)).toEqual({ status: 200, body: { params: { queue: "emails" }, query: { limit: 10 }, body: { reason: "stuck" } } });
  });

  it("answers 400 naming each bad field by its path", async () => {
    const res = await handler(post("/api/q/nope?limit=9999", JSON.stringify({ reason: "x" })), params({ queue: "nope" }));
    const { status, body } = await json(res);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["params.queue"]);
  });

  it("checks the query and the body too", async () => {
    let res = await handler(post("/api/q/emails?limit=9999", JSON.stringify({ reason: "stuck" })), params({ queue: "emails" }));
    expect((await res.json()).error.details[0].path).toBe("query.limit");
    res = await handler(post("/api/q/emails", JSON.stringify({ reason: "x" })), params({ queue: "emails" }));
    expect((await res.json()).error.details[0].path).toBe("body.reason");
    res = await handler(post("/api/q/emails", undefined), params({ queue: "emails" }));
    expect((await res.json()).error.details[0].path).toBe("body");
  });

  it("refuses a body that is not JSON", async () => {
    let res = await handler(post("/api/q/emails", "reason=stuck", "application/x-www-form-urlencoded"), params({ queue: "emails" }));
    expect(await json(res)).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    res = await handler(post("/api/q/emails", "{not json"), params({ queue: "emails" }));
    expect(await json(res)).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
  });
});

describe("route(): errors and results", () => {
  beforeEach(() => {
    session.user = ADMIN;
  });

  it("turns an AppError into its status and code", async () => {
    const handler = route({ auth: "viewer" }, () => {
      throw new NotFound("No queue named reports-x.");
    });
    expect(await json(await handler(request("GET")))).toEqual({ status: 404, body: { error: { code: "not_found", message: "No queue named reports-x." } } });
  });

  it("hides the message of an unexpected error", async () => {
    const handler = route({ auth: "viewer" }, () => {
      throw new Error("secret internals: password=hunter2");
    });
    const { status, body } = await json(await handler(request("GET")));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(body.error.code).toBe("internal_error");
  });

  it("answers 503 when PostgreSQL or Redis is unreachable", async () => {
    const handler = route({ auth: "viewer" }, () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    expect(await json(await handler(request("GET")))).toMatchObject({ status: 503, body: { error: { code: "service_unavailable" } } });
  });

  it("answers 204 for undefined and passes a Response through", async () => {
    expect((await route({ auth: "admin" }, () => undefined)(request("DELETE"))).status).toBe(204);
    const res = await route({ auth: "viewer" }, () => new Response("plain", { status: 202 }))(request("GET"));
    expect([res.status, await res.text()]).toEqual([202, "plain"]);
  });

  it("marks JSON answers as not cacheable", async () => {
    const res = await route({ auth: "viewer" }, () => ({ a: 1 }))(request("GET"));
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
