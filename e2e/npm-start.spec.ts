// Issue 2's "done when": `npm start` (scripts/bootstrap.mjs start) prepares,
// serves the login page, lets the seeded admin in, runs the workers beside the
// console, and Ctrl-C (SIGINT) stops both cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { fillSignIn } from "./helpers";
import { ADMIN } from "./users";
// @ts-expect-error plain ESM helper shared with bootstrap.mjs and vitest
import { testEnv } from "../scripts/test-env.mjs";

const PORT = 3200;
const base = `http://127.0.0.1:${PORT}`;

async function waitFor(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`start exited early with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

test("npm start serves the console with workers, lets the admin in, and stops on Ctrl-C", async ({ page }) => {
  test.setTimeout(240_000);
  let output = "";
  // Exactly what `npm start` runs (package.json); npm itself would answer
  // Ctrl-C with its own exit status rather than ours.
  const child = spawn(process.execPath, ["scripts/bootstrap.mjs", "start"], {
    env: {
      ...process.env,
      ...testEnv,
      NODE_ENV: "production",
      SWITCHYARD_ENV: "local",
      PORT: String(PORT),
      NEXTAUTH_URL: base,
      // Its own key prefix: these workers must not take the other e2e tests' jobs.
      REDIS_PREFIX: "switchyard-e2e-start",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so "Ctrl-C" reaches npm, bootstrap, console and workers as a terminal would.
    detached: true,
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  try {
    await waitFor(`${base}/login`, child, 180_000);
    expect(output).toContain("making sure an admin account exists");
    expect(output).toMatch(/build is up to date|building the console/);

    await page.goto(`${base}/login`);
    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByTestId("user-email")).toHaveText(ADMIN.email);

    // The workers process runs beside the console: its master heartbeats show up.
    await expect.poll(async () => {
      const res = await page.request.get(`${base}/api/supervisors`);
      return res.ok() ? JSON.stringify(await res.json()) : `status ${res.status()}`;
    }, { timeout: 60_000 }).toContain("supervisor-1");
  } finally {
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(output).toMatch(/console exited/);
    expect(output).toMatch(/workers exited/);
    expect(code).toBe(0);
  }
});
