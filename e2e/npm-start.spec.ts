// Issue 2's "done when": `npm start` (scripts/bootstrap.mjs start) prepares,
// serves the login page, sends an anonymous visitor there, refuses a wrong password,
// lets the seeded admin in (a session cookie without Secure over plain http) and out,
// gives a viewer 403 on a mutation, runs the workers beside the console, and
// Ctrl-C (SIGINT) stops both cleanly. The same steps as e2e/auth.spec.ts, against
// the production server `npm start` runs rather than Playwright's.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { fillSignIn } from "./helpers";
import { ADMIN, VIEWER } from "./users";
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
      // Not inherited: the workers' malloc arena cap must come from `npm start` itself.
      MALLOC_ARENA_MAX: undefined,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so "Ctrl-C" reaches npm, bootstrap, console and workers as a terminal would.
    detached: true,
  });
  let passed = false;
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  try {
    await waitFor(`${base}/login`, child, 180_000);
    expect(output).toContain("making sure an admin account exists");
    expect(output).toMatch(/build is up to date|building the console/);

    // Anonymous: a page sends to /login (remembering where), the API answers 401.
    await page.goto(`${base}/queues`);
    await expect(page).toHaveURL(`${base}/login?next=%2Fqueues`);
    expect((await page.request.get(`${base}/api/me`)).status()).toBe(401);

    // A sign-in costs a bcrypt hash (cost 12) on a server sharing the CPU with the workers: seconds under load.
    const signInMs = { timeout: 30_000 };
    await fillSignIn(page, ADMIN.email, "not-the-password");
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.", signInMs);
    expect((await page.request.get(`${base}/api/me`)).status()).toBe(401);

    await fillSignIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL(`${base}/queues`, signInMs);
    await expect(page.getByTestId("user-email")).toHaveText(ADMIN.email);
    // NODE_ENV=production over plain http: httpOnly + Lax, and not Secure (docs/SECURITY.md, "The Secure rule").
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("switchyard.session-token"));
    expect(cookie).toMatchObject({ name: "switchyard.session-token", httpOnly: true, sameSite: "Lax", secure: false });

    // The workers process runs beside the console: its master heartbeats show up.
    // expect.poll does not retry a callback that throws, and a GET on a keep-alive socket the server has
    // just closed as idle (Node's 5 s keepAliveTimeout; the sign-in above can take that long) fails with
    // ECONNRESET — a browser retries such a request, so the poll does too (CI saw it once per few runs).
    await expect.poll(async () => {
      try {
        const res = await page.request.get(`${base}/api/supervisors`);
        return res.ok() ? JSON.stringify(await res.json()) : `status ${res.status()}`;
      } catch (error) {
        const why = String(error).split("\n")[0];
        console.log(`[npm-start] GET /api/supervisors failed, polling again: ${why}`);
        return `request failed: ${why}`;
      }
    }, { timeout: 60_000 }).toContain("supervisor-1");
    // Started with the malloc arena cap (the master warns when it is not).
    expect(output).not.toContain("MALLOC_ARENA_MAX is not set");

    await page.getByRole("button", { name: /Admin/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${base}/login`, signInMs);
    expect((await page.request.get(`${base}/api/me`)).status()).toBe(401);

    // A viewer reads but may not act.
    await fillSignIn(page, VIEWER.email, VIEWER.password);
    await expect(page.getByTestId("user-email")).toHaveText(VIEWER.email, signInMs);
    expect((await (await page.request.get(`${base}/api/me`)).json()).user.role).toBe("VIEWER");
    const create = await page.request.post(`${base}/api/users`, { data: { email: "npm-start-should-not-exist@switchyard.test" } });
    expect(create.status()).toBe(403);
    expect((await create.json()).error.code).toBe("forbidden");
    passed = true;
  } finally {
    // What console and workers printed, when a step failed: the only view of the server side.
    if (!passed) console.log(`[npm-start] output of npm start:\n${output.slice(-12_000)}`);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(output).toMatch(/console exited/);
    expect(output).toMatch(/workers exited/);
    expect(code).toBe(0);
  }
});
