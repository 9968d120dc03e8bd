import { describe, expect, it } from "vitest";
import { decideProxy, loginPath, safeNextPath } from "./proxy-decision";
import { isPublicPath } from "./public-paths";

describe("decideProxy", () => {
  it.each([
    // pathname, search, hasSession, expected
    ["/", "", false, { type: "redirect", location: "/login" }],
    ["/queues", "", false, { type: "redirect", location: "/login?next=%2Fqueues" }],
    ["/failed", "?queue=emails&page=2", false, { type: "redirect", location: "/login?next=%2Ffailed%3Fqueue%3Demails%26page%3D2" }],
    ["/api/me", "", false, { type: "unauthenticated" }],
    ["/api", "", false, { type: "unauthenticated" }],
    ["/api/queues/emails/pause", "", false, { type: "unauthenticated" }],
    ["/login", "?next=/queues", false, { type: "next" }],
    ["/api/auth/session", "", false, { type: "next" }],
    ["/api/auth/callback/credentials", "", false, { type: "next" }],
    ["/api/health", "", false, { type: "next" }],
    ["/api/retell/webhook", "", false, { type: "next" }],
    ["/api/metrics/prometheus", "", false, { type: "next" }],
    ["/queues", "", true, { type: "next" }],
    ["/api/me", "", true, { type: "next" }],
  ] as const)("%s%s (session: %s)", (pathname, search, hasSession, expected) => {
    expect(decideProxy({ pathname, search, hasSession })).toEqual(expected);
  });

  it.each(["/api/authz", "/api/healthcheck", "/api/health-admin", "/loginx", "/api/metrics", "/api/retell"])(
    "does not treat %s as public just because it shares a prefix",
    (pathname) => {
      expect(isPublicPath(pathname)).toBe(false);
      expect(decideProxy({ pathname, search: "", hasSession: false }).type).not.toBe("next");
    },
  );
});

describe("safeNextPath", () => {
  it.each([
    [undefined, "/"],
    [null, "/"],
    ["", "/"],
    ["/queues", "/queues"],
    ["/failed?queue=emails", "/failed?queue=emails"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/login", "/"],
    ["/login?next=/x", "/"],
    ["/api/me", "/"],
    ["/queues\n", "/"],
  ])("%j → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe("loginPath", () => {
  it("omits next for the dashboard and adds an error code", () => {
    expect(loginPath("/")).toBe("/login");
    expect(loginPath("/queues", "SessionEnded")).toBe("/login?next=%2Fqueues&error=SessionEnded");
  });
});
