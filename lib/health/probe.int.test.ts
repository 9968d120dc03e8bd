import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createPrisma } from "../db/client";
import { withDatabase } from "../db/pg-config";
import { checkDependencies } from "./probe";
import { GET } from "../../app/api/health/route";

const goodRedis = new Redis(process.env.REDIS_URL!);
const goodDb = createPrisma(process.env.DATABASE_URL!);
// Port 1 is never a Redis; a database that does not exist is a PostgreSQL that does not answer for us.
const deadRedis = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true });
deadRedis.on("error", () => {});
const deadDb = createPrisma(withDatabase(process.env.DATABASE_URL!, "switchyard_no_such_database"));

afterAll(async () => {
  goodRedis.disconnect();
  deadRedis.disconnect();
  await goodDb.$disconnect();
  await deadDb.$disconnect();
});

describe("health probe", () => {
  it("is ok when Redis and PostgreSQL answer", async () => {
    expect(await checkDependencies({ redis: goodRedis, db: goodDb })).toEqual({ ok: true, down: [] });
  });

  it("names Redis when Redis is down", async () => {
    expect(await checkDependencies({ redis: deadRedis, db: goodDb })).toEqual({ ok: false, down: ["redis"] });
  });

  it("names PostgreSQL when it is down", async () => {
    expect(await checkDependencies({ redis: goodRedis, db: deadDb })).toEqual({ ok: false, down: ["postgres"] });
  });

  it("names both when both are down", async () => {
    expect(await checkDependencies({ redis: deadRedis, db: deadDb })).toEqual({ ok: false, down: ["redis", "postgres"] });
  });
});

describe("GET /api/health", () => {
  it("answers 200 {status: ok} without internals", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
