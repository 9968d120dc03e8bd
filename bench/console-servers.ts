// What bench/console.ts and bench/console-cpu.ts share: where the seeded data lives, a
// session cookie for it, and the two servers over it — `next start` (the real build) and
// bull-board 9 in its own process — each started the same way for both benches.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { encode } from "next-auth/jwt";
import type pg from "pg";

export const BENCH_PREFIX = "switchyard-bench";
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2";
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchyard_bench";
export const BENCH_QUEUES = ["critical", "high", "default", "low", "webhooks", "emails", "sms", "billing", "bookings", "reports"];

const root = path.resolve(import.meta.dirname, "..");

export interface ConsoleServers {
  ours: string;
  theirs: string;
  /** Our `next start` and bull-board, in that order. */
  children: [ChildProcess, ChildProcess];
  secret: string;
  stop(): void;
}

/** `next start` on `port` and bull-board on `port + 1`, over the bench's Redis and database. */
export function startConsoleServers(port: number): ConsoleServers {
  const secret = `bench-secret-${randomUUID()}`;
  const ours = `http://127.0.0.1:${port}`;
  const env = { ...process.env, REDIS_PREFIX: BENCH_PREFIX, REDIS_URL: BENCH_REDIS_URL, DATABASE_URL: BENCH_DATABASE_URL, LOG_LEVEL: "warn" };
  const run = (cmd: string, args: string[], extra: Record<string, string>) =>
    spawn(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...env, ...extra } });
  const children: [ChildProcess, ChildProcess] = [
    run(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      NODE_ENV: "production", NEXTAUTH_SECRET: secret, NEXTAUTH_URL: ours, PORT: String(port),
    }),
    run(process.execPath, ["--import", "tsx", "bench/bull-board-server.ts"], {
      BENCH_REDIS_URL, BENCH_PREFIX, BENCH_QUEUES: BENCH_QUEUES.join(","), BULL_BOARD_PORT: String(port + 1),
    }),
  ];
  return { ours, theirs: `http://127.0.0.1:${port + 1}`, children, secret, stop: () => children.forEach((c) => c.kill("SIGTERM")) };
}

/** Waits until `url` answers 2xx (90 s at most). */
export async function waitFor(url: string, headers?: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { headers })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within 90 s`);
}

/** A session cookie of the bench's admin (created or re-enabled), signed with the servers' secret. */
export async function benchSessionCookie(db: pg.Client, secret: string): Promise<string> {
  const email = "bench-admin@switchyard.test";
  const { rows } = await db.query(
    `INSERT INTO "User" (id, email, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'x', 'ADMIN', now())
     ON CONFLICT (email) DO UPDATE SET role = 'ADMIN', disabled = false RETURNING id`,
    [`bench-${randomUUID()}`, email],
  );
  const token = await encode({ token: { sub: rows[0].id, email, role: "ADMIN" }, secret });
  return `switchyard.session-token=${token}`;
}
