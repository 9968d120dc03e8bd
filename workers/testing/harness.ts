// Runs the real `workers` entrypoint (node --import tsx workers/main.ts) for process-level
// tests: a config override file, the fixture jobs, the test's Redis prefix,
// and its pino lines collected so a test can wait for a log line.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { withArenaCap } from "../malloc-arenas";

const root = path.resolve(import.meta.dirname, "../..");

export interface LogLine {
  level: number;
  time: number;
  msg: string;
  pid: number;
  [field: string]: unknown;
}

export interface WorkersProcess {
  proc: ChildProcess;
  logs: LogLine[];
  /** Raw stdout/stderr text that was not a pino line. */
  other: string[];
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  /** Sends a signal to the master and resolves with its exit code. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
  /** SIGKILL the whole process group (test cleanup). */
  destroy(): void;
}

export interface StartOptions {
  /** The `horizon`/`queue` sections of the config override file. */
  override: { horizon?: object; queue?: object };
  /** Added to the environment; a key set to undefined is removed from it. */
  env?: Record<string, string | undefined>;
  host?: string;
}

const started = new Set<WorkersProcess>();

export async function waitFor<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function writeOverride(override: object): string {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-workers-"));
  const file = path.join(dir, "config.json");
  writeFileSync(file, JSON.stringify(override));
  return file;
}

export function startWorkers(options: StartOptions): WorkersProcess {
  const env: NodeJS.ProcessEnv = {
    // What `npm run workers` starts the master with (package.json).
    ...withArenaCap(process.env),
    SWITCHYARD_CONFIG_FILE: writeOverride(options.override),
    SWITCHYARD_JOB_MODULES: path.join(root, "workers/testing/fixture-jobs.ts"),
    LOG_LEVEL: "info",
    ...(options.host ? { WORKERS_HOST: options.host } : {}),
    ...options.env,
  };
  // Its own process group, so cleanup can take master, supervisors and worker processes at once.
  const proc = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const other: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer, buffer: { rest: string }) => {
    buffer.rest += chunk.toString();
    const lines = buffer.rest.split("\n");
    buffer.rest = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        other.push(line);
      }
    }
    waiters.forEach((w) => w());
  };
  const out = { rest: "" };
  const err = { rest: "" };
  proc.stdout!.on("data", (c: Buffer) => onData(c, out));
  proc.stderr!.on("data", (c: Buffer) => onData(c, err));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));

  const handle: WorkersProcess = {
    proc, logs, other, exited,
    waitForLog(match, timeoutMs = 30_000, what = "log line") {
      return new Promise((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < logs.length; seen++) {
            if (match(logs[seen])) {
              cleanup();
              resolve(logs[seen]);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last lines:\n${logs.slice(-15).map((l) => JSON.stringify(l)).join("\n")}\n${other.slice(-10).join("\n")}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGTERM", timeoutMs = 60_000) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs));
      const result = await Promise.race([exited, timer]);
      if (result === "timeout") throw new Error(`workers did not exit within ${timeoutMs} ms after ${signal}`);
      return result;
    },
    destroy() {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
  started.add(handle);
  return handle;
}

/** afterEach/afterAll: make sure no process of a test outlives it. */
export function destroyAllWorkers(): void {
  for (const w of started) w.destroy();
  started.clear();
}

/** A supervisor override for the `local` environment. */
export function supervisors(map: Record<string, object>, workers: object = {}, extra: object = {}): StartOptions["override"] {
  const local = Object.fromEntries(Object.entries(map).map(([name, s]) => [name, { connection: "redis", ...s }]));
  return {
    horizon: { environments: { local }, workers: { tickMs: 200, heartbeatTtlMs: 2000, idlePollMs: 50, timeoutGraceMs: 1000, ...workers }, ...extra },
    queue: {
      // A short lock so stalled-job recovery after a kill happens within seconds.
      connections: {
        redis: { driver: "redis", connection: "queue", queue: "default", retryAfter: 5, blockFor: 1 },
        "redis-long-running": { driver: "redis", connection: "queue", queue: "long-running", retryAfter: 60, blockFor: 1 },
        sync: { driver: "sync" },
      },
    },
  };
}
