// GET /api/batches pages by an opaque cursor: the next page follows the previous one, and a cursor
// that was not ours (garbage, a date PostgreSQL cannot hold) is a 400 — not page 1, not a 500.
// Offset pages (API only) stop at 10,000 rows.
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { GET } from "@/app/api/batches/route";
import { batchJob, createBatch } from "@/lib/queue/batches";
import { closeQueues, defineJob } from "@/lib/queue";
import { uniqueName } from "@/lib/queue/test-support";
import { call, createUser, removeUsers, type TestUser } from "./route-harness";

let viewer: TestUser;
const Noop = defineJob({ name: uniqueName("cursor-noop"), queue: "default", payload: z.object({}), handle: () => undefined });

beforeAll(async () => {
  viewer = await createUser("VIEWER");
  for (let i = 0; i < 3; i++) await createBatch({ name: `cursor ${i}`, queue: "default", jobs: [batchJob(Noop, {})] });
});
afterAll(async () => {
  await removeUsers();
  await closeQueues();
});

it("the next page continues after the previous one", async () => {
  const first = await call(GET, "GET", "/api/batches", { user: viewer, query: { perPage: 2 } });
  expect(first.status).toBe(200);
  const second = await call(GET, "GET", "/api/batches", { user: viewer, query: { perPage: 2, cursor: first.body.nextCursor } });
  expect(second.status).toBe(200);
  const names = [...first.body.batches, ...second.body.batches].map((b: { name: string }) => b.name);
  expect(names.filter((n) => n.startsWith("cursor "))).toEqual(["cursor 2", "cursor 1", "cursor 0"]);
});

for (const [label, cursor] of [
  ["garbage", "garbage"],
  ["a date no Date holds", Buffer.from(JSON.stringify({ at: 1e17, id: "x" })).toString("base64url")],
  ["the old `ms|id` shape with an out-of-range time", Buffer.from("99999999999999999|x").toString("base64url")],
] as const) {
  it(`a cursor that is ${label}: 400 invalid_cursor`, async () => {
    const res = await call(GET, "GET", "/api/batches", { user: viewer, query: { cursor } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_cursor");
  });
}

it("an offset page deeper than 10,000 rows is a 400 naming page; the cursor pages at any depth", async () => {
  const res = await call(GET, "GET", "/api/batches", { user: viewer, query: { page: 500, perPage: 100 } });
  expect(res.status).toBe(400);
  expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: "query.page" }));
  expect((await call(GET, "GET", "/api/batches", { user: viewer, query: { page: 101, perPage: 100 } })).status).toBe(200);
});
