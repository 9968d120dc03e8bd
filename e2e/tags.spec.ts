// The Tags screen (issue 6 §7, issue 9 conventions) in Chromium against `next start`:
// search by tag, monitor a tag (its jobs stay listed after BullMQ dropped one),
// stop monitoring with a confirmation (both audited), a viewer reads but cannot act.
import { expect, test } from "@playwright/test";
import { prisma } from "../lib/db/client";
import { closeMetricsRedis } from "../lib/metrics/redis";
import { closeQueues, getQueue } from "../lib/queue";
import { listMonitoredTags, monitorTag } from "../lib/tags/monitoring";
import { dropQueue, token } from "./console-seed";
import { section, signIn } from "./helpers";
import { forgetTag, seedTaggedJobs } from "./tags-seed";
import { ADMIN, VIEWER } from "./users";

const t = token("t");
const queue = `e2e-tags-${t}`;
const tag = `company:${t}`;
let ids: string[] = [];

test.beforeAll(async () => {
  ids = await seedTaggedJobs(queue, [tag], [
    { name: "E2eTaggedFirst", payload: { company_id: t, n: 1 }, outcome: "completed" },
    { name: "E2eTaggedSecond", payload: { company_id: t, n: 2 }, outcome: "failed", error: `Lookup ${t} refused` },
    { name: "E2eTaggedThird", payload: { company_id: t, n: 3 }, outcome: "completed" },
  ]);
});

test.afterAll(async () => {
  await forgetTag(tag);
  await dropQueue(queue);
  await prisma().auditLog.deleteMany({ where: { target: `tag:${tag}` } });
  await closeQueues();
  await closeMetricsRedis();
  await prisma().$disconnect();
});

test("an admin searches by tag, monitors it, sees its jobs kept after BullMQ dropped one, and stops monitoring with a confirmation", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await section(page, "Tags").click();
  await expect(page.getByRole("heading", { level: 1, name: "Tags" })).toBeVisible();
  // The kept window is the config's trim.monitored (10080 min by default), as the API reports it.
  await expect(page.getByText("A monitored tag keeps its jobs for 7 days")).toBeVisible();
  await expect(page.getByRole("option", { name: "Monitored (kept 7 days)" })).toBeAttached();

  // Search: the three finished jobs, newest first, each linking to its job page.
  const search = page.getByRole("search", { name: "Search jobs by tag" });
  await search.getByLabel("Tag").fill(tag);
  await search.getByRole("button", { name: "Search" }).click();
  const results = page.getByTestId("tagged-jobs");
  await expect(results.locator("tbody tr")).toHaveCount(3);
  await expect(results.locator("tbody tr").first()).toContainText("E2eTaggedThird");
  await expect(results.locator(`tr[data-job-id='${ids[1]}']`)).toContainText("failed");
  await expect(results.locator(`tr[data-job-id='${ids[1]}']`)).toContainText(`Lookup ${t} refused`);
  await expect(results.getByRole("link", { name: `#${ids[0]}` })).toHaveAttribute("href", `/jobs/${queue}/${ids[0]}`);

  // Monitor: the jobs already indexed are copied at once.
  await page.getByLabel("Tag to monitor").fill(tag);
  await page.getByRole("button", { name: "Monitor", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Monitoring ${tag}: 3 recent jobs copied` })).toBeVisible();
  const row = page.getByTestId("monitored-tags").locator(`tr[data-tag='${tag}']`);
  await expect(row.locator("td").nth(1)).toHaveText("3");
  await expect(row).toContainText(ADMIN.email);

  // BullMQ drops the first job (what its completed trim does): the monitored list still shows it, unlinked.
  await getQueue(queue).remove(ids[0]);
  await row.getByRole("button", { name: `Show jobs of ${tag}` }).click();
  await expect(page.getByRole("search").getByLabel("Jobs")).toHaveValue("monitored");
  await expect(results.locator("tbody tr")).toHaveCount(3);
  const trimmed = results.locator(`tr[data-job-id='${ids[0]}']`);
  await expect(trimmed).toContainText("E2eTaggedFirst");
  await expect(trimmed).toContainText("trimmed");
  await expect(trimmed.getByRole("link")).toHaveCount(0);
  await expect(results.getByRole("link", { name: `#${ids[2]}` })).toHaveAttribute("href", `/jobs/${queue}/${ids[2]}`);

  // Stop monitoring: Escape cancels, the confirmation stops it.
  const stop = row.getByRole("button", { name: `Stop monitoring ${tag}` });
  await stop.click();
  const dialog = page.getByRole("dialog", { name: "Stop monitoring this tag?" });
  await expect(dialog).toContainText(`${tag} keeps 3 jobs`);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(stop).toBeFocused();
  await stop.click();
  await dialog.getByRole("button", { name: "Stop monitoring" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Stopped monitoring ${tag}: 3 kept copies removed` })).toBeVisible();
  await expect(row).toHaveCount(0);
  expect((await listMonitoredTags()).map((m) => m.tag)).not.toContain(tag);

  const audit = await prisma().auditLog.findMany({ where: { target: `tag:${tag}` }, orderBy: { at: "asc" } });
  expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([["tag.monitor", ADMIN.email], ["tag.unmonitor", ADMIN.email]]);

  // A bad tag is the server's 400, shown as an error (the browser's own check is bypassed here).
  await page.getByRole("search").getByLabel("Tag").evaluate((el) => el.removeAttribute("pattern"));
  await page.getByRole("search").getByLabel("Tag").fill("a b");
  await page.getByRole("search").getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("tag-results").getByRole("alert")).toContainText("without spaces");

  // Phone and desktop widths: no page-wide horizontal scroll.
  for (const width of [375, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${width} px` }).toBeLessThanOrEqual(0);
  }
});

test("a viewer lists monitored tags and their jobs but has no enabled action button", async ({ page }) => {
  // Only jobs BullMQ still holds are copied when monitoring starts (the first test removed one).
  const { backfilled } = await monitorTag(tag, ADMIN.email);
  expect(backfilled).toBeGreaterThan(0);
  try {
    const me = page.waitForResponse((r) => r.url().endsWith("/api/me"));
    await signIn(page, VIEWER.email, VIEWER.password, "/tags");
    await me;
    const row = page.getByTestId("monitored-tags").locator(`tr[data-tag='${tag}']`);
    await expect(row).toBeVisible();
    const actions = page.locator("[data-action='true']");
    await expect(actions).toHaveCount(2); // Monitor, Stop monitoring
    for (const button of await actions.all()) await expect(button).toBeDisabled();
    await expect(page.getByLabel("Tag to monitor")).toBeDisabled();
    // Reading is allowed.
    await row.getByRole("button", { name: `Show jobs of ${tag}` }).click();
    await expect(page.getByTestId("tagged-jobs").locator("tbody tr")).toHaveCount(backfilled);
    for (const url of ["/api/tags/monitor", "/api/tags/unmonitor"]) {
      const res = await page.request.post(url, { data: { tag }, headers: { origin: new URL(page.url()).origin } });
      expect([res.status(), (await res.json()).error?.code], url).toEqual([403, "forbidden"]);
    }
    expect((await listMonitoredTags()).map((m) => m.tag)).toContain(tag);
  } finally {
    await forgetTag(tag);
  }
});
