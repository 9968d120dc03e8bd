// The console's screens end to end (issue 9 "Done when"), in Chromium against
// `next start`, with data seeded through the app's own libraries.
import { expect, test, type Page } from "@playwright/test";
import { closeQueues, getQueue } from "../lib/queue";
import { queueStatus } from "../lib/health/queue-health";
import { closeConsoleRedis } from "../lib/console/redis";
import { prisma } from "../lib/db/client";
import { addJobs, archiveFailures, dropQueue, forgetFailures, removeBatch, removeJobs, seedBatch, token } from "./console-seed";
import { signIn } from "./helpers";
import { ADMIN, VIEWER } from "./users";

test.afterAll(async () => {
  await closeQueues();
  await closeConsoleRedis();
  await prisma().$disconnect();
});

/** Fails the test if the page ever opens an alert/confirm/prompt (markup must stay text). */
function forbidDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on("dialog", async (d) => {
    seen.push(d.message());
    await d.dismiss();
  });
  return seen;
}

test("the dashboard shows each queue's status", async ({ page }) => {
  const ids = await addJobs("high", "E2eDashboard", Array.from({ length: 150 }, (_, i) => ({ i })));
  try {
    await signIn(page, ADMIN.email, ADMIN.password);
    const table = page.getByTestId("health-table");
    await expect(table.locator("tr[data-queue='high'] [data-testid='queue-status']")).toHaveAttribute("data-status", /busy|overloaded/);
    // Every row's status is the seed's QueueHealthCheck rule applied to that queue's size right now.
    for (const queue of ["critical", "high", "default", "low", "webhooks", "emails", "sms", "billing", "bookings", "reports", "imports"]) {
      const c = await getQueue(queue).getJobCounts("waiting", "prioritized");
      const expected = queueStatus((c.waiting ?? 0) + (c.prioritized ?? 0), { busyAt: 100, overloadedAt: 1000 });
      await expect(table.locator(`tr[data-queue='${queue}'] [data-testid='queue-status']`)).toHaveAttribute("data-status", expected);
    }
    await expect(page.getByText("Jobs per minute")).toBeVisible();
  } finally {
    await removeJobs("high", ids);
  }
});

test("open a failed job, retry it, and it leaves the failed list", async ({ page }) => {
  const t = token("single");
  const uuids = await archiveFailures("e2e-retry", "E2eLookup", 1, () => `Lookup ${t} failed`);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, "/failed");
    await page.getByLabel("Text or job id").fill(t);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("button", { name: "All failures" }).click();
    await page.getByTestId("failed-rows").getByRole("link", { name: "E2eLookup" }).click();
    await expect(page.getByTestId("failed-message")).toHaveText(`Lookup ${t} failed`);
    await page.getByRole("button", { name: "Retry", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Retried: enqueued as job" })).toBeVisible();
    expect(await getQueue("e2e-retry").getJob(`retry-${uuids[0]}`)).toBeDefined();

    await page.goto("/failed");
    await page.getByLabel("Text or job id").fill(t);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("button", { name: "All failures" }).click();
    await expect(page.getByText("No failed jobs match.")).toBeVisible();
  } finally {
    await forgetFailures(uuids);
    await dropQueue("e2e-retry");
  }
});

test("bulk retry shows a dry-run preview, then applies it with a progress bar", async ({ page }) => {
  const t = token("bulk");
  const retryable = await archiveFailures("e2e-retry", "E2eMailer", 5, (i) => `Mailer ${t} refused recipient ${i}`);
  const permanent = await archiveFailures("e2e-retry", "E2eMailer", 2, (i) => `payload ${t} invalid at ${i}`, { exceptionClass: "ZodError", failReason: "permanent" });
  try {
    await signIn(page, ADMIN.email, ADMIN.password, "/failed");
    await page.getByLabel("Text or job id").fill(t);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("7 failures in 2 groups")).toBeVisible();
    await page.getByRole("button", { name: "Retry all matching…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("retry-preview")).toContainText("Dry run: retry 5, skip 2 permanent failures");
    await dialog.getByRole("button", { name: "Retry 5" }).click();
    await expect(dialog.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(dialog.getByTestId("retry-progress")).toContainText("5 retried · 2 skipped (permanent failure) — done.");
    await dialog.getByRole("button", { name: "Close" }).first().click();
    // Only the permanent failures are left.
    await expect(page.getByText("2 failures in 1 group")).toBeVisible();
    expect(await getQueue("e2e-retry").getWaitingCount()).toBe(5);
  } finally {
    await forgetFailures([...retryable, ...permanent]);
    await dropQueue("e2e-retry");
  }
});

test("pause and resume a queue (audited)", async ({ page }) => {
  await getQueue("sms").resume();
  try {
    await signIn(page, ADMIN.email, ADMIN.password, "/queues/sms");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("paused");
    await expect.poll(() => getQueue("sms").isPaused()).toBe(true);
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText("paused");
    await expect.poll(() => getQueue("sms").isPaused()).toBe(false);

    await page.goto("/audit");
    await page.getByLabel("Target").fill("queue:sms");
    await page.getByRole("button", { name: "Apply" }).click();
    const rows = page.getByTestId("audit-table").locator("tbody tr");
    await expect(rows.first()).toContainText("queue.resume");
    await expect(rows.nth(1)).toContainText("queue.pause");
  } finally {
    await getQueue("sms").resume();
  }
});

test("a batch's progress bar reaches 100 %", async ({ page }) => {
  const batch = await seedBatch(12);
  let stop: (() => Promise<void>) | undefined;
  try {
    await signIn(page, ADMIN.email, ADMIN.password, `/batches/${batch.id}`);
    const bar = page.getByRole("progressbar", { name: `Progress of ${batch.name}` });
    await expect(bar).toHaveAttribute("aria-valuenow", "0");
    stop = await batch.work();
    await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 })).toContainText("finished");
    await page.goto("/batches");
    await expect(page.locator(`tr[data-batch-id='${batch.id}'] [role='progressbar']`)).toHaveAttribute("aria-valuenow", "100");
  } finally {
    await stop?.();
    await removeBatch(batch.id);
  }
});

test("markup in job names, payloads and errors renders as text", async ({ page }) => {
  const dialogs = forbidDialogs(page);
  const name = "<img src=x onerror=alert(2)>";
  const [id] = await addJobs("e2e-xss", name, [{ note: "<script>alert(1)</script>" }]);
  const t = token("xss");
  const uuids = await archiveFailures("e2e-xss", "E2eXss", 1, () => `${t} <script>alert(3)</script>`);
  try {
    await signIn(page, ADMIN.email, ADMIN.password, "/queues/e2e-xss");
    await expect(page.getByTestId("job-table")).toContainText(name);
    await expect(page.getByTestId("job-table")).toContainText("<script>alert(1)</script>");
    await page.goto(`/jobs/e2e-xss/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    await expect(page.getByRole("list", { name: "Payload" })).toContainText('"note": "<script>alert(1)</script>"');
    await page.goto("/failed");
    await page.getByLabel("Text or job id").fill(t);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("failed-groups")).toContainText("<script>alert(<n>)</script>");
    await expect(page.getByTestId("failed-groups")).toContainText(`${t} <script>alert(3)</script>`);
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(dialogs).toEqual([]);
  } finally {
    await dropQueue("e2e-xss");
    await forgetFailures(uuids);
  }
});

test("a viewer sees no enabled action button and gets 403 from the API", async ({ page }) => {
  const t = token("viewer");
  const uuids = await archiveFailures("e2e-viewer", "E2eViewer", 1, () => `Viewer ${t}`);
  const [id] = await addJobs("e2e-viewer", "E2eViewerJob", [{ n: 1 }]);
  try {
    await signIn(page, VIEWER.email, VIEWER.password);
    for (const path of ["/queues/e2e-viewer", `/jobs/e2e-viewer/${id}`, "/failed", `/failed/${uuids[0]}`]) {
      const me = page.waitForResponse((r) => r.url().endsWith("/api/me"));
      await page.goto(path);
      await me;
      const actions = page.locator("[data-action='true']");
      // Action buttons render with the data they act on: wait for them, then check every one.
      await expect(actions.first(), `action buttons on ${path}`).toBeVisible();
      for (const button of await actions.all()) await expect(button).toBeDisabled();
    }
    for (const [url, data] of [
      ["/api/queues/e2e-viewer/pause", undefined],
      [`/api/jobs/e2e-viewer/${id}/remove`, undefined],
      [`/api/failed-jobs/${uuids[0]}/retry`, undefined],
      ["/api/failed-jobs/retry", { filter: {} }],
      ["/api/supervisors/commands", { type: "pause" }],
    ] as const) {
      const res = await page.request.post(url, { data });
      expect(res.status(), url).toBe(403);
    }
    expect((await page.request.get("/api/queues")).status()).toBe(200);
  } finally {
    await dropQueue("e2e-viewer");
    await forgetFailures(uuids);
  }
});

for (const width of [375, 1440]) {
  test.describe(`every screen at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("renders without page-wide horizontal scrolling (wide tables scroll in their own region)", async ({ page }) => {
      const [id] = await addJobs("e2e-width", "E2eWidth", [{ text: "x".repeat(400) }]);
      try {
        await signIn(page, ADMIN.email, ADMIN.password);
        for (const path of ["/", "/queues", "/queues/e2e-width", `/jobs/e2e-width/${id}`, "/failed", "/batches", "/supervisors", "/webhooks", "/metrics", "/audit", "/tags"]) {
          await page.goto(path);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${path} is wider than ${width} px`).toBeLessThanOrEqual(0);
        }
      } finally {
        await dropQueue("e2e-width");
      }
    });
  });
}
