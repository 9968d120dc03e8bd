// Query parameters that list names are bounded: each name costs Redis work, so a URL with
// thousands of them is a 400 naming the parameter, not a pipeline of thousands of commands.
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as health } from "@/app/api/queues/health/route";
import { GET as snapshots } from "@/app/api/metrics/snapshots/route";
import { closeQueues } from "@/lib/queue";
import { call, createUser, removeUsers, type TestUser } from "./route-harness";

let viewer: TestUser;
const many = (n: number, base: string) => Array.from({ length: n }, (_, i) => `${base}${i}`).join(",");

beforeAll(async () => {
  viewer = await createUser("VIEWER");
});
afterAll(async () => {
  await removeUsers();
  await closeQueues();
});

it("queue health: 101 queue names are refused, naming the parameter; one is answered", async () => {
  const refused = await call(health, "GET", "/api/queues/health", { user: viewer, query: { queue: many(101, "q") } });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details).toContainEqual(expect.objectContaining({ path: "query.queue", message: "at most 100 queue names" }));
  expect((await call(health, "GET", "/api/queues/health", { user: viewer, query: { queue: "default" } })).status).toBe(200);
});

it("metric snapshots: 201 queue or job names are refused, naming the parameter; a few are answered", async () => {
  for (const param of ["queues", "jobs"]) {
    const refused = await call(snapshots, "GET", "/api/metrics/snapshots", { user: viewer, query: { [param]: many(201, "n") } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual(expect.objectContaining({ path: `query.${param}`, message: "at most 200 names" }));
  }
  expect((await call(snapshots, "GET", "/api/metrics/snapshots", { user: viewer, query: { queues: "default,high" } })).status).toBe(200);
});
