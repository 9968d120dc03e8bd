// Mutation bodies refuse keys they do not know: a misspelt field is a 400 naming it, not silently
// dropped (`rol: "ADMIN"` would have made a viewer).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as createUser_ } from "@/app/api/users/route";
import { POST as monitor } from "@/app/api/tags/monitor/route";
import { POST as unmonitor } from "@/app/api/tags/unmonitor/route";
import { prisma } from "@/lib/db/client";
import { call, createUser, removeUsers, type TestUser } from "./route-harness";

let admin: TestUser;

beforeAll(async () => {
  admin = await createUser("ADMIN");
});
afterAll(() => removeUsers());

it("POST /api/users with a misspelt key: 400 naming it, nobody created", async () => {
  const email = `strict-${randomUUID().slice(0, 8)}@switchyard.test`;
  const res = await call(createUser_, "POST", "/api/users", { user: admin, body: { email, rol: "ADMIN" } });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body.error)).toContain("rol");
  expect(await prisma().user.findUnique({ where: { email } })).toBeNull();
});

it("POST /api/tags/monitor and /unmonitor with a misspelt key: 400 naming it", async () => {
  for (const [route, path] of [[monitor, "/api/tags/monitor"], [unmonitor, "/api/tags/unmonitor"]] as const) {
    const res = await call(route, "POST", path, { user: admin, body: { tag: "company:1", tagg: "x" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain("tagg");
  }
});
