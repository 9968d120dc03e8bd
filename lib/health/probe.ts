// The bare up/down probe behind GET /api/health: does Redis answer PING and
// PostgreSQL answer SELECT 1, each within a short deadline.
import type { Redis } from "ioredis";
import { createRedis } from "../redis/connection";
import { prisma, type PrismaClient } from "../db/client";

export type Dependency = "redis" | "postgres";

export interface ProbeResult {
  ok: boolean;
  down: Dependency[];
}

export interface ProbeTargets {
  redis: Redis;
  db: Pick<PrismaClient, "$queryRaw">;
}

const DEADLINE_MS = 2_000;

function answers(promise: Promise<unknown>, ms = DEADLINE_MS): Promise<boolean> {
  const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([promise.then(() => true, () => false), deadline]);
}

/** A fail-fast connection refuses commands until it is ready: wait for that first. */
async function ping(redis: Redis): Promise<unknown> {
  if (redis.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error("not ready")), DEADLINE_MS);
      const onReady = () => done();
      function done(error?: Error) {
        clearTimeout(timer);
        redis.off("ready", onReady);
        if (error) reject(error);
        else resolve();
      }
      redis.on("ready", onReady);
      if (redis.status === "wait") redis.connect().catch(() => {});
    });
  }
  return redis.ping();
}

export async function checkDependencies({ redis, db }: ProbeTargets): Promise<ProbeResult> {
  const [redisOk, postgresOk] = await Promise.all([
    answers(ping(redis)),
    answers(db.$queryRaw`SELECT 1`),
  ]);
  const down: Dependency[] = [];
  if (!redisOk) down.push("redis");
  if (!postgresOk) down.push("postgres");
  return { ok: down.length === 0, down };
}

let probeRedis: Redis | undefined;

function sharedRedis(): Redis {
  if (!probeRedis) {
    // Fail-fast: while Redis is away, PING is refused at once instead of queued.
    probeRedis = createRedis({ failFast: true });
    probeRedis.on("error", () => {});
  }
  return probeRedis;
}

export function probe(): Promise<ProbeResult> {
  return checkDependencies({ redis: sharedRedis(), db: prisma() });
}
