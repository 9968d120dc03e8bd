// Runs the built console (`next start`) on a free port for tests that must go
// through the real proxy and route handlers.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export interface TestServer {
  baseUrl: string;
  stop(): Promise<void>;
  output(): string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The build must exist and contain every route file; a stale build would test old routes. */
export function assertFreshBuild(root: string): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error(`No build in ${root}/.next: run \`npm test\` (which builds) or \`npx next build\` first.`);
  const built = statSync(buildId).mtimeMs;
  const changed = Math.max(newestSource(path.join(root, "app")), existsSync(path.join(root, "proxy.ts")) ? statSync(path.join(root, "proxy.ts")).mtimeMs : 0);
  if (changed > built) throw new Error("app/ or proxy.ts changed after the last `next build`: rebuild so the matrix tests the current routes.");
}

export async function startTestServer(root: string, env: Record<string, string | undefined>): Promise<TestServer> {
  assertFreshBuild(root);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), NEXTAUTH_URL: baseUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() ends next's children too
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/login`, { redirect: "manual" });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    },
  };
}
