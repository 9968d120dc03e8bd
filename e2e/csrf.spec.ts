// A real cross-site page, in Chromium, against a signed-in admin: its auto-submitted
// form post to a mutation is refused and changes nothing, and a cross-site link (a
// top-level GET, which does carry the SameSite=Lax cookie) to the same path is a 405.
// The header-level proof on every mutating route is tests/security/csrf.int.test.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { prisma } from "../lib/db/client";
import { closeQueues, getQueue } from "../lib/queue";
import { addJobs, dropQueue, token } from "./console-seed";
import { signIn } from "./helpers";
import { ADMIN } from "./users";

const queue = `e2e-csrf-${token("")}`;
let evil: Server;
let evilOrigin = "";
let consoleOrigin = "";

test.beforeAll(async () => {
  await addJobs(queue, "E2eCsrfVictim", [{ n: 1 }]);
  // "localhost" is another site than "127.0.0.1" (the console's host in the e2e config).
  evil = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("target") ?? "";
    const page = req.url?.startsWith("/link")
      ? `<a id="go" href="${target}">win a prize</a>`
      : `<form method="post" action="${target}"><input name="state" value="failed"></form><script>document.forms[0].submit()</script>`;
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>evil</title>${page}`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => evil?.close(resolve));
  await dropQueue(queue);
  await closeQueues();
  await prisma().$disconnect();
});

test("a cross-site form post and a cross-site link to a mutation change nothing; the same post same-origin does", async ({ page, baseURL }) => {
  consoleOrigin = new URL(baseURL!).origin;
  const pausePath = `/api/queues/${queue}/pause`;
  await signIn(page, ADMIN.email, ADMIN.password);

  const posted = page.waitForResponse((r) => r.url().endsWith(pausePath) && r.request().method() === "POST");
  await page.goto(`${evilOrigin}/form?target=${encodeURIComponent(consoleOrigin + pausePath)}`);
  const res = await posted;
  // SameSite=Lax: Chromium does not send the session cookie on a cross-site POST, so the proxy answers 401
  // (route()'s origin check would answer 403 csrf_rejected if it were sent).
  expect([res.status(), (await res.request().allHeaders())["origin"]]).toEqual([401, evilOrigin]);
  expect(await getQueue(queue).isPaused()).toBe(false);

  await page.goto(`${evilOrigin}/link?target=${encodeURIComponent(consoleOrigin + pausePath)}`);
  const followed = page.waitForResponse((r) => r.url().endsWith(pausePath));
  await page.click("#go");
  expect((await followed).status()).toBe(405);
  expect(await getQueue(queue).isPaused()).toBe(false);

  // Control: the console's own page making the same POST does pause the queue.
  await page.goto("/queues");
  const status = await page.evaluate(async (path) => (await fetch(path, { method: "POST" })).status, pausePath);
  expect(status).toBe(200);
  expect(await getQueue(queue).isPaused()).toBe(true);
});
