// `node --import tsx bench/console-cpu.ts` (issue 9): server CPU per request, ours (`next start`)
// and bull-board's, route by route, over the data bench/console.ts seeded (run it with --keep
// first). Latency percentiles at 10 concurrent clients swing with the VM's load; CPU time per
// request read from /proc is what a change to the per-request path actually moves.
// Options: --requests=2000 (per measurement) --rounds=3 --only=word,…
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { Redis } from "ioredis";

const { values } = parseArgs({ options: { requests: { type: "string" }, rounds: { type: "string" }, only: { type: "string" }, port: { type: "string" } } });
const REQUESTS = Number(values.requests ?? 2000);
const ROUNDS = Number(values.rounds ?? 3);
const PORT = Number(values.port ?? 3230);
const PREFIX = "switchyard-bench";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/2";
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchyard_bench";
const SECRET = `bench-secret-${randomUUID()}`;
const QUEUES = ["critical", "high", "default", "low", "webhooks", "emails", "sms", "billing", "bookings", "reports"];
const ONLY = values.only?.split(",").filter(Boolean) ?? [];
const root = path.resolve(import.meta.dirname, "..");
const ours = `http://127.0.0.1:${PORT}`;
const theirs = `http://127.0.0.1:${PORT + 1}`;
const HZ = 100; // USER_HZ on Linux

/** utime + stime of a process and its live children, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / HZ;
  let children = 0;
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) children += cpuMs(Number(child));
  } catch {
    // no children file
  }
  return own + children;
}

async function hammer(url: string, headers: Record<string, string>, requests: number): Promise<number> {
  let issued = 0;
  let errors = 0;
  const client = async () => {
    while (issued++ < requests) {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (!res.ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: 10 }, client));
  return errors;
}

async function waitFor(url: string, headers?: Record<string, string>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url, { headers })).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

async function main(): Promise<void> {
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(`SELECT id FROM "User" WHERE email = 'bench-admin@switchyard.test'`);
  await db.end();
  if (!rows.length) throw new Error("no bench data: run bench/console.ts --keep first");
  const cookie = `switchyard.session-token=${await encode({ token: { sub: rows[0].id, email: "bench-admin@switchyard.test", role: "ADMIN" }, secret: SECRET })}`;
  const redis = new Redis(REDIS_URL);
  const anchor = (await redis.lrange(`${PREFIX}:default:wait`, 89_999, 89_999))[0];
  redis.disconnect();
  const { encodeCursor } = await import("../lib/console/cursor");
  const deep = encodeCursor({ o: 90_000, a: anchor });
  const env = { ...process.env, REDIS_PREFIX: PREFIX, REDIS_URL, DATABASE_URL, LOG_LEVEL: "warn" };
  const children: ChildProcess[] = [
    spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(PORT), "-H", "127.0.0.1"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...env, NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: ours } }),
    spawn(process.execPath, ["--import", "tsx", "bench/bull-board-server.ts"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...env, BENCH_REDIS_URL: REDIS_URL, BENCH_PREFIX: PREFIX, BENCH_QUEUES: QUEUES.join(","), BULL_BOARD_PORT: String(PORT + 1) } }),
  ];
  const h = { cookie, "accept-encoding": "identity" };
  try {
    await waitFor(`${ours}/api/queues`, h);
    await waitFor(`${theirs}/api/queues`);
    const cases: [string, string, Record<string, string>, number][] = [
      ["ours /api/health (public: proxy + Redis and PostgreSQL ping)", `${ours}/api/health`, h, children[0].pid!],
      ["ours /api/me (proxy + guard)", `${ours}/api/me`, h, children[0].pid!],
      ["ours overview /api/queues", `${ours}/api/queues`, h, children[0].pid!],
      ["ours deep page", `${ours}/api/queues/default/jobs?state=waiting&limit=25&cursor=${deep}`, h, children[0].pid!],
      ["bull-board overview", `${theirs}/api/queues`, { "accept-encoding": "identity" }, children[1].pid!],
      ["bull-board deep page", `${theirs}/api/queues?activeQueue=default&status=waiting&page=3601&jobsPerPage=25`, { "accept-encoding": "identity" }, children[1].pid!],
    ];
    const selected = cases.filter(([name]) => !ONLY.length || ONLY.some((w) => name.includes(w)));
    for (const [, url, headers] of selected) await hammer(url, headers, 3000); // warm-up: Next's request path takes thousands of calls to compile (see console-load.ts)
    const per: Record<string, number[]> = {};
    const rates: Record<string, number[]> = {};
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, url, headers, pid] of selected) {
        const before = cpuMs(pid);
        const t0 = performance.now();
        const errors = await hammer(url, headers, REQUESTS);
        const cpu = (cpuMs(pid) - before) / REQUESTS;
        (per[name] ??= []).push(cpu);
        (rates[name] ??= []).push(REQUESTS / ((performance.now() - t0) / 1000));
        console.log(`round ${r + 1} ${name}: ${cpu.toFixed(3)} ms CPU/request, ${(REQUESTS / ((performance.now() - t0) / 1000)).toFixed(0)} req/s${errors ? `, ${errors} errors` : ""}`);
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    console.log("\n| route | server CPU ms/request | requests/s at 10 concurrent |\n|---|---|---|");
    for (const [name, v] of Object.entries(per)) console.log(`| ${name} | ${median(v).toFixed(3)} | ${median(rates[name]).toFixed(0)} |`);
  } finally {
    for (const c of children) c.kill("SIGTERM");
  }
}

await main();
