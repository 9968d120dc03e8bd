// GET /api/health answers 503 {status: "unavailable", down: [...]} naming the dependency
// that is down, and nothing else. No mocks: the route's own probe is pointed, through the
// variables it reads (REDIS_URL, DATABASE_URL), at a port nothing listens on and at a
// database that does not exist. Each case loads the route afresh, as a new process would.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { withDatabase } from "../db/pg-config";
import { closedPort } from "../../tests/closed-port";

const saved = { REDIS_URL: process.env.REDIS_URL!, DATABASE_URL: process.env.DATABASE_URL! };
const prismaGlobal = globalThis as unknown as { switchyardPrisma?: { $disconnect(): Promise<void> } };

/** GET /api/health from a fresh module graph reading these variables (the probe's clients are per process). */
async function healthWith(vars: { REDIS_URL: string; DATABASE_URL: string }): Promise<Response> {
  Object.assign(process.env, vars);
  vi.resetModules();
  const { GET } = await import("../../app/api/health/route");
  return GET();
}

afterEach(async () => {
  // The database client lives on globalThis (it survives module reloads): drop it with the case.
  await prismaGlobal.switchyardPrisma?.$disconnect().catch(() => {});
  delete prismaGlobal.switchyardPrisma;
});
afterAll(() => {
  Object.assign(process.env, saved);
});

async function expectUnavailable(response: Response, down: string[]): Promise<void> {
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: "unavailable", down });
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("retry-after")).toBe("5");
}

describe("GET /api/health with a dependency down", () => {
  it("PostgreSQL down: 503 naming postgres", async () => {
    const response = await healthWith({ REDIS_URL: saved.REDIS_URL, DATABASE_URL: withDatabase(saved.DATABASE_URL, "switchyard_no_such_database") });
    await expectUnavailable(response, ["postgres"]);
  });

  it("Redis down: 503 naming redis", async () => {
    const redisUrl = `redis://127.0.0.1:${await closedPort()}/1`;
    const response = await healthWith({ REDIS_URL: redisUrl, DATABASE_URL: saved.DATABASE_URL });
    await expectUnavailable(response, ["redis"]);
  });

  it("both up again: 200 ok (the same route, nothing left over)", async () => {
    const response = await healthWith(saved);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
