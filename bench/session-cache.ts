// `npx tsx bench/session-cache.ts`: what the guard costs per request with and without the
// session cache (lib/auth/session-cache.ts), in one process, alternating rounds: the real
// next-auth cookie decode (hkdf + JWE decrypt) plus the real Prisma user re-check against
// PostgreSQL (database switchyard_bench, one user row). Options: --requests=400 --rounds=6
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { encode } from "next-auth/jwt";
import { percentile } from "./console-load";

const { values } = parseArgs({ options: { requests: { type: "string" }, rounds: { type: "string" } } });
const REQUESTS = Number(values.requests ?? 400);
const ROUNDS = Number(values.rounds ?? 6);
const SECRET = `bench-secret-${randomUUID()}`;
Object.assign(process.env, {
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/switchyard_bench",
  NEXTAUTH_SECRET: SECRET,
  LOG_LEVEL: "warn",
});
const { prisma } = await import("../lib/db/client");
const { userFromSessionCookie } = await import("../lib/auth/session");
const { clearSessionCache } = await import("../lib/auth/session-cache");

const email = "bench-session-cache@switchyard.test";
const user = await prisma().user.upsert({ where: { email }, create: { email, passwordHash: "x", role: "ADMIN" }, update: { disabled: false }, select: { id: true } });
const cookie = await encode({ token: { sub: user.id, email, role: "ADMIN" }, secret: SECRET });

/** One request's guard, as route() runs it; `cold` empties the cache first (the behaviour before it existed). */
async function run(cold: boolean): Promise<number[]> {
  const lat: number[] = [];
  for (let i = 0; i < REQUESTS / ROUNDS; i++) {
    if (cold) clearSessionCache();
    const t = performance.now();
    if (!(await userFromSessionCookie(cookie))) throw new Error("guard refused the bench user");
    lat.push(performance.now() - t);
  }
  return lat;
}

await run(true); // warm-up: connection pool, JIT
const acc = { cold: [] as number[], cached: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 ? (["cached", "cold"] as const) : (["cold", "cached"] as const)) acc[side].push(...(await run(side === "cold")));
}
const fmt = (l: number[]) => {
  const s = [...l].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(3)} / p95 ${percentile(s, 95).toFixed(3)} ms`;
};
console.log(`guard per request, ${acc.cold.length} each (one at a time), decode + user lookup:`);
console.log(`  without cache: ${fmt(acc.cold)}`);
console.log(`  with cache:    ${fmt(acc.cached)}   (the first request of each round misses: the cold rounds empty it)`);
await prisma().user.delete({ where: { email } });
await prisma().$disconnect();
