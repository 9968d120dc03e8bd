// The bulk-retry preview by uuids refuses a list with anything but uuids with 400:
// 36 dashes passed the old character check and failed PostgreSQL's ::uuid[] cast (500).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { recordFailure } from "@/lib/queue";
import { GET as preview } from "@/app/api/failed-jobs/retry/route";
import { call, createUser, removeUsers, type TestUser } from "./route-harness";

let viewer: TestUser;
let uuid: string;

beforeAll(async () => {
  viewer = await createUser("VIEWER");
  const row = await recordFailure({
    connection: "redis", queue: "default", jobId: "p-1", jobName: "SendDigest", payload: {},
    error: new Error("boom"), attempts: 1, failReason: "max_tries",
  });
  uuid = row.uuid;
});

afterAll(async () => {
  await prisma().failedJob.deleteMany({ where: { prefix: env().REDIS_PREFIX } });
  await removeUsers();
});

const previewOf = (uuids: string) => call(preview, "GET", "/api/failed-jobs/retry", { user: viewer, query: { uuids } });

describe("GET /api/failed-jobs/retry?uuids=", () => {
  it("answers 400 naming the bad entry, for strings the old check let through", async () => {
    for (const bad of ["-".repeat(36), "g".repeat(36), `${uuid},${"0".repeat(8)}-${"-".repeat(27)}`]) {
      const res = await previewOf(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.details[0].path).toMatch(/^query\.uuids\.\d+$/);
    }
  });

  it("still previews real uuids, with spaces and an unknown one", async () => {
    const res = await previewOf(` ${uuid} , ${randomUUID()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, retry: 1 });
  });
});
