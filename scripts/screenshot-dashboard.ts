// `npx tsx scripts/screenshot-dashboard.ts [--review]`: the README's dashboard
// screenshot (docs/screenshot-dashboard.png) with demo data, taken in Debian's
// Chromium against `next start` (needs `next build`). Runs on the test database
// (its admin signs in) with its own Redis prefix, removed again afterwards.
// --review also saves every screen at 1440 px, 375 px and in dark mode to /tmp/console-review.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and vitest
import { applyTestEnv, testEnv } from "./test-env.mjs";

const PORT = 3150;
const base = `http://127.0.0.1:${PORT}`;
process.env.REDIS_PREFIX = "switchyard-demo";
applyTestEnv();
process.env.NEXTAUTH_URL = base;
const review = process.argv.includes("--review");
const root = path.resolve(import.meta.dirname, "..");

const { seedDemoData, removeDemoData } = await import("./demo-data");
const { closeQueues } = await import("../lib/queue");
const { closeConsoleRedis } = await import("../lib/console/redis");
const { prisma } = await import("../lib/db/client");

async function waitUp(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("next start did not come up");
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(testEnv.ADMIN_EMAIL);
  await page.getByLabel("Password").fill(testEnv.ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/`);
}

async function main(): Promise<void> {
  const seeded = await seedDemoData();
  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PORT: String(PORT), NODE_ENV: "production" },
  });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    await waitUp();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole("img", { name: /Jobs finished and failed/ }).locator("svg").first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(root, "docs/screenshot-dashboard.png"), fullPage: true });
    console.log("wrote docs/screenshot-dashboard.png");
    if (review) await reviewScreens(browser, seeded.webhookEventIds[0]);
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await removeDemoData(seeded.webhookEventIds);
    await closeQueues();
    await closeConsoleRedis();
    await prisma().$disconnect();
  }
}

async function reviewScreens(browser: import("@playwright/test").Browser, webhookId: string): Promise<void> {
  const out = "/tmp/console-review";
  mkdirSync(out, { recursive: true });
  const failed = await prisma().failedJob.findFirst({ where: { prefix: "switchyard-demo" } });
  const paths = ["/", "/queues", "/queues/webhooks", "/queues/high?state=failed", "/jobs/high/1", "/failed", `/failed/${failed?.uuid}`, "/batches", "/supervisors", `/webhooks`, `/webhooks/${webhookId}`, "/metrics", "/audit"];
  for (const [label, viewport, scheme] of [["desktop", { width: 1440, height: 900 }, "light"], ["phone", { width: 375, height: 740 }, "light"], ["dark", { width: 1440, height: 900 }, "dark"]] as const) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await context.newPage();
    await signIn(page);
    for (const p of paths) {
      await page.goto(`${base}${p}`);
      await page.waitForTimeout(1200);
      const name = p.replace(/[^\w]+/g, "_").replace(/^_|_$/g, "") || "dashboard";
      await page.screenshot({ path: `${out}/${label}-${name}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) console.log(`${label} ${p}: page wider than the viewport by ${overflow}px`);
    }
    await context.close();
  }
  console.log(`review screenshots in ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
