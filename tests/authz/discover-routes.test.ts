import { describe, expect, it } from "vitest";
import path from "node:path";
import { discoverRoutes, urlFor } from "./discover-routes";

describe("urlFor", () => {
  it.each([
    [[], "/"],
    [["(console)"], "/"],
    [["(console)", "queues"], "/queues"],
    [["(console)", "queues", "[name]"], "/queues/authz-probe"],
    [["api", "auth", "[...nextauth]"], "/api/auth/authz-probe"],
    [["docs", "[[...slug]]"], "/docs/authz-probe"],
  ])("%j → %s", (segments, url) => {
    expect(urlFor(segments)?.url).toBe(url);
  });

  it("names dynamic params with the sample value", () => {
    expect(urlFor(["api", "queues", "[name]", "jobs", "[...id]"])).toEqual({
      url: "/api/queues/authz-probe/jobs/authz-probe",
      dynamic: true,
      params: { name: "authz-probe", id: ["authz-probe"] },
    });
  });

  it("skips parallel slots and intercepting routes", () => {
    expect(urlFor(["(console)", "@modal", "jobs"])).toBeNull();
    expect(urlFor(["(console)", "(.)jobs", "[id]"])).toBeNull();
  });
});

describe("discoverRoutes", () => {
  it("finds this repository's login page, dashboard and /api/me", () => {
    const routes = discoverRoutes(path.resolve(import.meta.dirname, "../.."));
    expect(routes).toContainEqual(expect.objectContaining({ kind: "page", url: "/login", file: "app/(auth)/login/page.tsx" }));
    expect(routes).toContainEqual(expect.objectContaining({ kind: "page", url: "/", file: "app/(console)/page.tsx" }));
    expect(routes).toContainEqual(expect.objectContaining({ kind: "api", url: "/api/me", file: "app/api/me/route.ts" }));
  });
});
