// End-to-end tests in Debian's Chromium against the built console (`next start`)
// running with the test environment (scripts/test-env.mjs). No browser download.
import { defineConfig } from "@playwright/test";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and vitest
import { applyTestEnv, TEST_PORT } from "./scripts/test-env.mjs";

// The server and the tests (which seed users through Prisma) use the same database and Redis.
const env = applyTestEnv() as Record<string, string>;
const baseURL = `http://127.0.0.1:${TEST_PORT}`;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // Two shared cores: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `node_modules/.bin/next start -p ${TEST_PORT} -H 127.0.0.1`,
    url: `${baseURL}/login`,
    reuseExistingServer: !env.CI,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { ...env, NEXTAUTH_URL: baseURL, PORT: String(TEST_PORT), NEXT_TELEMETRY_DISABLED: "1" },
  },
});
