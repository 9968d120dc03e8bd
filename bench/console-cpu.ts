// `node --import tsx bench/console-cpu.ts` (issue 9): server CPU per request, ours (`next start`)
// and bull-board's, route by route, over the data bench/console.ts seeded (run it with --keep
// first). Latency percentiles at 10 concurrent clients swing with the VM's load; CPU time per
// request read from /proc is what a change to the per-request path actually moves.
// Options: --requests=2000 (per measurement) --rounds=3 --only=word,…
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { BENCH_DATABASE_URL, BENCH_PREFIX, BENCH_REDIS_URL, benchSessionCookie, startConsoleServers, waitFor } from "./console-servers";
import { treeCpuUs } from "./proc-cpu";

const { values } = parseArgs({ options: { requests: { type: "string" }, rounds: { type: "string" }, only: { type: "string" }, port: { type: "string" } } });
const REQUESTS = Number(values.requests ?? 2000);
const ROUNDS = Number(values.rounds ?? 3);
const PORT = Number(values.port ?? 3230);
const ONLY = values.only?.split(",").filter(Boolean) ?? [];

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

async function main(): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  const present = await redis.llen(`${BENCH_PREFIX}:default:wait`);
  const anchor = (await redis.lrange(`${BENCH_PREFIX}:default:wait`, 89_999, 89_999))[0];
  redis.disconnect();
  if (present < 90_000) throw new Error("no bench data: run bench/console.ts --keep first");
  const { encodeCursor } = await import("../lib/console/cursor");
  const deep = encodeCursor({ o: 90_000, a: anchor });
  const servers = startConsoleServers(PORT);
  const { ours, theirs, children } = servers;
  try {
    const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
    await db.connect();
    const cookie = await benchSessionCookie(db, servers.secret).finally(() => db.end());
    const h = { cookie, "accept-encoding": "identity" };
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
        const before = treeCpuUs(pid);
        const t0 = performance.now();
        const errors = await hammer(url, headers, REQUESTS);
        const cpu = (treeCpuUs(pid) - before) / 1000 / REQUESTS;
        const rate = REQUESTS / ((performance.now() - t0) / 1000);
        (per[name] ??= []).push(cpu);
        (rates[name] ??= []).push(rate);
        console.log(`round ${r + 1} ${name}: ${cpu.toFixed(3)} ms CPU/request, ${rate.toFixed(0)} req/s${errors ? `, ${errors} errors` : ""}`);
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    console.log("\n| route | server CPU ms/request | requests/s at 10 concurrent |\n|---|---|---|");
    for (const [name, v] of Object.entries(per)) console.log(`| ${name} | ${median(v).toFixed(3)} | ${median(rates[name]).toFixed(0)} |`);
  } finally {
    servers.stop();
  }
}

await main();
