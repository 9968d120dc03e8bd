// Tags screen: how long a monitored tag keeps its jobs comes from the config
// (horizon trim.monitored), so GET /api/tags reports the configured window —
// here a 2-day override — for the screen to show instead of a fixed "7 days".
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

const overrideFile = path.join(mkdtempSync(path.join(tmpdir(), "switchyard-tags-")), "config.json");
writeFileSync(overrideFile, JSON.stringify({ horizon: { trim: { recent: 60, pending: 60, completed: 60, recent_failed: 1440, failed: 10080, monitored: 2880 } } }));
process.env.SWITCHYARD_CONFIG_FILE = overrideFile;
resetEnvCache(); // the imports above read the environment already; config() itself is first called by the route

let viewer: TestUser;

beforeAll(async () => {
  viewer = await createUser("VIEWER");
});

afterAll(closeConsoleTest);

it("GET /api/tags reports the configured monitored window (trim.monitored) in minutes", async () => {
  const { GET } = await import("@/app/api/tags/route");
  const res = await call(GET, "GET", "/api/tags", { user: viewer });
  expect(res.status).toBe(200);
  expect(res.body.keptMinutes).toBe(2880);
  expect(Array.isArray(res.body.monitored)).toBe(true);
});
