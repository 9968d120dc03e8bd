// Issue 2 point 7 / issue 4 start-up: the workers entrypoint validates the config
// (a bad value stops it, naming the field), and waits for Redis and PostgreSQL
// with clear errors and a growing backoff instead of exiting — then starts by
// itself when they answer, and still stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, expect, it } from "vitest";
import { Redis } from "ioredis";
import { processGroup } from "../tests/chaos/process-rss";
import { destroyAllWorkers, startWorkers, supervisors, waitFor } from "./testing/harness";

const extra: ChildProcess[] = [];
afterAll(() => {
  destroyAllWorkers();
  for (const p of extra) p.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

it("waits for Redis and PostgreSQL with clear errors and a growing backoff; SIGTERM ends the wait", async () => {
  const port = await freePort();
  const w = startWorkers({
    override: supervisors({ boot: { queue: ["default"], balance: "simple", processes: 1 } }),
    env: { REDIS_URL: `redis://127.0.0.1:${port}/1`, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/switchyard_test" },
  });
  const first = await w.waitForLog((l) => l.service === "redis", 60_000, "redis down line");
  expect(first.msg).toMatch(/^Redis is down \(ECONNREFUSED.*\); retrying in 1s$/);
  expect(first.url).toBe(`redis://127.0.0.1:${port}/1`);
  const pg = await w.waitForLog((l) => l.service === "postgres", 10_000, "postgres down line");
  expect(pg.msg).toMatch(/^PostgreSQL is down \(ECONNREFUSED.*\); retrying in 1s$/);
  await w.waitForLog((l) => l.service === "redis" && /retrying in 2s$/.test(l.msg), 20_000, "second attempt, longer wait");
  expect(w.proc.exitCode).toBeNull(); // still waiting, not crashing
  expect(await w.stop("SIGTERM")).toBe(0);
  expect(w.logs.some((l) => l.msg === "stopped before the services came up")).toBe(true);
}, 120_000);

it("starts by itself once Redis comes up", async () => {
  const port = await freePort();
  const w = startWorkers({
    override: supervisors({ boot: { queue: ["default"], balance: "simple", processes: 1 } }),
    env: { REDIS_URL: `redis://127.0.0.1:${port}/1` },
  });
  await w.waitForLog((l) => l.service === "redis", 60_000, "redis down line");
  const server = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"], { stdio: "ignore" });
  extra.push(server);
  await w.waitForLog((l) => l.msg === "Redis and PostgreSQL answer again; starting", 60_000, "recovery");
  await w.waitForLog((l) => /^master .* running 1 supervisor/.test(l.msg), 30_000, "master running");
  const redis = new Redis(`redis://127.0.0.1:${port}/1`);
  await waitFor(async () => (await redis.keys("*:workers:masters")).length > 0, 30_000, "heartbeat in the new Redis");
  redis.disconnect();
  expect(await w.stop("SIGTERM")).toBe(0);
}, 150_000);

it("an invalid config stops the start with exit 78, naming the field and the allowed values", async () => {
  const bad = startWorkers({ override: supervisors({ broken: { queue: ["default"], balance: "sideways" } }) });
  expect(await bad.exited).toBe(78);
  const fatal = bad.logs.find((l) => l.level === 60)!;
  expect(fatal.msg).toMatch(/environments\.local\.broken\.balance: expected "auto", "simple" or false/);
}, 60_000);

/** MALLOC_ARENA_MAX as each process of the workers tree started with it (/proc/<pid>/environ): master first. */
function arenaCaps(masterPid: number): { master: string | null; children: (string | null)[] } {
  const capOf = (pid: number) => /(?:^|\0)MALLOC_ARENA_MAX=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, "utf8"))?.[1] ?? null;
  const children = processGroup(masterPid).filter((p) => p.pid !== masterPid && p.comm !== "esbuild");
  return { master: capOf(masterPid), children: children.map((p) => capOf(p.pid)) };
}

it("a master started without a malloc arena cap says so, and its supervisor and worker processes run with 2", async () => {
  const w = startWorkers({ override: supervisors({ boot: { queue: ["default"], balance: "simple", processes: 1 } }), env: { MALLOC_ARENA_MAX: undefined } });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "first worker process");
  expect(w.logs.find((l) => /^MALLOC_ARENA_MAX is not set/.test(l.msg))?.level).toBe(40);
  const caps = arenaCaps(w.proc.pid!);
  expect(caps.master).toBeNull();
  expect(caps.children.length).toBeGreaterThanOrEqual(2); // the supervisor and its worker process
  expect(caps.children.every((c) => c === "2")).toBe(true);
  expect(await w.stop("SIGTERM")).toBe(0);
}, 120_000);

it("an operator's malloc arena cap reaches every process unchanged, with no warning", async () => {
  const w = startWorkers({ override: supervisors({ boot: { queue: ["default"], balance: "simple", processes: 1 } }), env: { MALLOC_ARENA_MAX: "4" } });
  await w.waitForLog((l) => /worker process \d+ ready/.test(l.msg), 90_000, "first worker process");
  const caps = arenaCaps(w.proc.pid!);
  expect(caps.master).toBe("4");
  expect(caps.children.length).toBeGreaterThanOrEqual(2);
  expect(caps.children.every((c) => c === "4")).toBe(true);
  expect(w.logs.some((l) => /MALLOC_ARENA_MAX/.test(l.msg))).toBe(false);
  expect(await w.stop("SIGTERM")).toBe(0);
}, 120_000);
