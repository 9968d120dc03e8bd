// `npx tsx bench/console.ts` (issue 9, "Measured, not assumed"): the console's data
// routes at scale, next to bull-board 9 over the same Redis data in the same run.
//
//   1. Fill Redis (DB 2, prefix switchyard-bench) with 1,000,000 waiting jobs over 10
//      queues (+ 10,000 failed jobs per queue for bull-board's failed page) and
//      PostgreSQL (database switchyard_bench) with 100,000 FailedJob rows.
//   2. Start `next start` (needs `next build`) on that data and bull-board in its own process.
//   3. 10 concurrent clients per route, p50/p95/p97.5 of every request; ratios ours ÷ bull-board.
//   4. Dashboard first-load JS: the <script> chunks of "/" gzipped, as a browser downloads them.
// Options: --requests=300 --concurrency=10 --jobs=100000 (per queue) --failed=100000 --keep (leave data) --reuse (skip seeding)
//   --warmup=2000  requests per side and route, at the measured concurrency, before any is measured
//   --only=failed,groups  measure only the routes whose name contains one of these words (a short exclusive hold
//                         while working on one route; recorded figures come from a full run)
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { Redis } from "ioredis";
import { compare, DEFAULT_WARMUP, load, type LoadResult } from "./console-load";
import {
  BENCH_DATABASE_URL as DATABASE_URL, BENCH_PREFIX as PREFIX, BENCH_QUEUES as QUEUES, BENCH_REDIS_URL as REDIS_URL,
  benchSessionCookie, startConsoleServers, waitFor, type ConsoleServers,
} from "./console-servers";

const { values } = parseArgs({
  options: {
    requests: { type: "string" }, concurrency: { type: "string" }, jobs: { type: "string" }, failed: { type: "string" },
    port: { type: "string" }, keep: { type: "boolean" }, reuse: { type: "boolean" }, only: { type: "string" }, warmup: { type: "string" },
  },
});
const REQUESTS = Number(values.requests ?? 300);
const CONCURRENCY = Number(values.concurrency ?? 10);
const WARMUP = Number(values.warmup ?? DEFAULT_WARMUP);
const JOBS_PER_QUEUE = Number(values.jobs ?? 100_000);
const FAILED_ROWS = Number(values.failed ?? 100_000);
const PORT = Number(values.port ?? 3210);
const ONLY = values.only?.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean) ?? [];
const selected = (name: string) => !ONLY.length || ONLY.some((w) => name.toLowerCase().includes(w));
Object.assign(process.env, { REDIS_PREFIX: PREFIX, REDIS_URL, DATABASE_URL, LOG_LEVEL: "warn" });

const root = path.resolve(import.meta.dirname, "..");
const ours = `http://127.0.0.1:${PORT}`;
const theirs = `http://127.0.0.1:${PORT + 1}`; // startConsoleServers puts bull-board next to us
const { seedRedis, seedSnapshots, seedFailedJobs, removeKeys } = await import("./console-seed");
const { setupDatabase } = await import("../scripts/db-setup");
const { encodeCursor } = await import("../lib/console/cursor");

const log = (...args: unknown[]) => console.log("[bench:console]", ...args);

async function prepare(redis: Redis, db: pg.Client): Promise<void> {
  const present = await redis.llen(`${PREFIX}:default:wait`);
  if (values.reuse && present >= JOBS_PER_QUEUE) return log(`reusing ${present} waiting jobs per queue`);
  await removeKeys(redis, PREFIX);
  await db.query(`DELETE FROM "FailedJob" WHERE prefix = $1`, [PREFIX]);
  let t = Date.now();
  await seedRedis(redis, PREFIX, QUEUES, JOBS_PER_QUEUE, FAILED_ROWS / QUEUES.length);
  await seedSnapshots(redis, QUEUES);
  log(`Redis: ${QUEUES.length * JOBS_PER_QUEUE} waiting + ${FAILED_ROWS} failed jobs in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  await seedFailedJobs(db, PREFIX, QUEUES, FAILED_ROWS);
  log(`PostgreSQL: ${FAILED_ROWS} FailedJob rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** The <script src> chunks of the page's HTML (what loads before any dynamic import), gzipped. */
async function firstLoadJs(cookie: string): Promise<{ kb: number; chunks: number }> {
  const html = await (await fetch(`${ours}/`, { headers: { cookie } })).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => m[1]))];
  let bytes = 0;
  for (const src of srcs) bytes += gzipSync(Buffer.from(await (await fetch(new URL(src, ours))).arrayBuffer())).length;
  return { kb: Math.round((bytes / 1024) * 10) / 10, chunks: srcs.length };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("no build: run `npx next build` first");
  await setupDatabase(DATABASE_URL);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  let servers: ConsoleServers | null = null;
  try {
    await prepare(redis, db);
    servers = startConsoleServers(PORT);
    const cookie = await benchSessionCookie(db, servers.secret);
    // Both servers are asked for uncompressed bodies, as behind a compressing reverse proxy: bull-board's
    // Express never compresses, `next start` gzips by default, which would measure zlib, not the routes.
    const identity = { "accept-encoding": "identity" };
    const headers = { cookie, ...identity };
    await waitFor(`${ours}/api/queues`, headers);
    await waitFor(`${theirs}/api/queues`);

    // A client deep in the waiting list holds the cursor of the page it is on: offset 90,000.
    const deepOffset = Math.min(90_000, JOBS_PER_QUEUE - 50);
    const anchor = (await redis.lrange(`${PREFIX}:default:wait`, deepOffset - 1, deepOffset - 1))[0];
    const deepCursor = encodeCursor({ o: deepOffset, a: anchor });
    const searchId = String(Math.floor(JOBS_PER_QUEUE / 2) + 321);
    const per = 25;
    const deepPage = Math.floor(deepOffset / per) + 1;
    const o = { requests: REQUESTS, concurrency: CONCURRENCY, warmup: WARMUP };
    const results: { name: string; ours?: LoadResult; theirs?: LoadResult; target?: number }[] = [];
    const run = async (name: string, ourUrl: string, theirUrl: string | null, target?: number) => {
      if (!selected(name)) return;
      const pair = theirUrl ? await compare({ url: `${ours}${ourUrl}`, headers }, { url: `${theirs}${theirUrl}`, headers: identity }, o) : null;
      const r = { name, ours: pair ? pair[0] : await load(`${ours}${ourUrl}`, { ...o, headers }), theirs: pair?.[1], target };
      results.push(r);
      log(name, JSON.stringify({ ours: r.ours, theirs: r.theirs }));
    };
    // What every console route pays before its own work: the proxy's cookie check and the guard's user lookup.
    await run("auth only (GET /api/me), for reference", "/api/me", null);
    await run("queue overview with counts", "/api/queues", "/api/queues");
    await run("failed-jobs page (filter: queue)", `/api/failed-jobs?queue=emails&limit=${per}`, `/api/queues?activeQueue=emails&status=failed&page=1&jobsPerPage=${per}`);
    await run("deep page of a waiting list (offset 90,000)", `/api/queues/default/jobs?state=waiting&limit=${per}&cursor=${deepCursor}`, `/api/queues?activeQueue=default&status=waiting&page=${deepPage}&jobsPerPage=${per}`);
    await run("dashboard data", "/api/dashboard", null, 100);
    const gzipName = "dashboard data, gzip-compressed by next start (for reference)";
    if (selected(gzipName)) results.push({ name: gzipName, ours: await load(`${ours}/api/dashboard`, { ...o, headers: { cookie, "accept-encoding": "gzip" } }) });
    await run("failed jobs grouped by error (filter: queue)", "/api/failed-jobs/groups?queue=emails", null, 150);
    await run("failed jobs grouped by error (all 100k)", "/api/failed-jobs/groups", null, 150);
    await run("queue page, offset 0", `/api/queues/default/jobs?state=waiting&limit=${per}`, null);
    await run("job search by id", `/api/queues/default/jobs?state=waiting&q=${searchId}&field=id`, null);
    // One person searching: a single request at a time (the target is for this one).
    const oneClient = "job search by id, one client";
    if (selected(oneClient)) results.push({ name: oneClient, ours: await load(`${ours}/api/queues/default/jobs?state=waiting&q=${searchId}&field=id`, { requests: 100, concurrency: 1, headers, warmup: 100 }), target: 50 });
    const js = ONLY.length ? null : await firstLoadJs(cookie);
    if (js) log(`dashboard first-load JS: ${js.kb} KB gzipped in ${js.chunks} chunks (target ≤ 250 KB)`);
    printTable(results, js);
  } finally {
    servers?.stop();
    if (!values.keep && !values.reuse) {
      await removeKeys(redis, PREFIX);
      await db.query(`DELETE FROM "FailedJob" WHERE prefix = $1`, [PREFIX]);
    }
    redis.disconnect();
    await db.end();
  }
}

function printTable(results: { name: string; ours?: LoadResult; theirs?: LoadResult; target?: number }[], js: { kb: number; chunks: number } | null): void {
  const ms = (r?: LoadResult, k: "p50" | "p95" | "p975" = "p95") => (r ? `${r[k]}` : "—");
  console.log(`\n| Route (${CONCURRENCY} concurrent, ${REQUESTS} requests) | Switchyard p50 / p95 / p97.5 (ms) | bull-board p50 / p95 / p97.5 (ms) | p95 ratio | Target |`);
  console.log("|---|---|---|---|---|");
  for (const r of results) {
    const ratio = r.ours && r.theirs ? (r.ours.p95 / r.theirs.p95).toFixed(2) : "—";
    const target = r.target ? `p95 < ${r.target} ms: ${r.ours && r.ours.p95 < r.target ? "met" : "MISSED"}` : r.theirs ? `ratio ≤ 1.0: ${Number(ratio) <= 1 ? "met" : "MISSED"}` : "";
    const errs = (r.ours?.errors ?? 0) + (r.theirs?.errors ?? 0);
    console.log(`| ${r.name}${errs ? ` (${errs} errors!)` : ""} | ${ms(r.ours, "p50")} / ${ms(r.ours)} / ${ms(r.ours, "p975")} | ${ms(r.theirs, "p50")} / ${ms(r.theirs)} / ${ms(r.theirs, "p975")} | ${ratio} | ${target} |`);
  }
  if (js) console.log(`| Dashboard first-load JS | ${js.kb} KB gzipped (${js.chunks} chunks) | | | ≤ 250 KB: ${js.kb <= 250 ? "met" : "MISSED"} |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
