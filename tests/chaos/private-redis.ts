// A private, persistent redis-server (Debian's, on PATH) that a chaos test may
// kill and restart on the same port and data directory: appendonly yes,
// appendfsync everysec, no RDB snapshots.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PrivateRedis {
  port: number;
  url(db?: number): string;
  /** Starts (or restarts) the server; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown save, as if the host died (the AOF is all that survives). */
  kill(): Promise<void>;
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export function privateRedis(port: number): PrivateRedis {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-chaos-redis-"));
  let proc: ChildProcess | undefined;
  return {
    port,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    async start() {
      proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no"], { stdio: "ignore" });
      const deadline = Date.now() + 10_000;
      while (!(await accepting(port))) {
        if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}) on port ${port}`);
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not accept connections within 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((r) => proc!.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * Starts a private server on a free port and makes it this test file's Redis:
 * REDIS_URL points at it before anything reads env() again.
 */
export async function usePrivateRedis(): Promise<PrivateRedis> {
  const { freePort } = await import("../authz/test-server");
  const redis = privateRedis(await freePort());
  await redis.start();
  process.env.REDIS_URL = redis.url(0);
  (await import("@/lib/env")).resetEnvCache();
  return redis;
}
