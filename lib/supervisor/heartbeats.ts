// Heartbeats of masters and supervisors in Redis (Horizon's MasterSupervisor-
// and SupervisorRepository). Each process writes its state under its own key
// with an expiry and indexes its name in a sorted set; readers take the names
// whose key still exists, so a process that died disappears within one TTL.
import type { Redis } from "ioredis";
import { z } from "zod";
import { key } from "../redis/connection";

const status = z.enum(["running", "paused", "terminating"]);
export type WorkerStatus = z.infer<typeof status>;

export const masterHeartbeatSchema = z.object({
  name: z.string(),
  host: z.string(),
  pid: z.number().int(),
  environment: z.string(),
  status,
  /** Full names of its supervisors. */
  supervisors: z.array(z.string()),
  /** RSS of the master process, MB. */
  memoryMb: z.number(),
  startedAt: z.number(),
  lastSeen: z.number(),
});
export type MasterHeartbeat = z.infer<typeof masterHeartbeatSchema>;

export const poolStateSchema = z.object({
  /** The pool's key: its queue, or `a,b` for a `balance: false` pool. */
  queue: z.string(),
  /** Queues its processes take jobs from, in priority order. */
  fetches: z.array(z.string()),
  processes: z.number().int(),
});

export const supervisorHeartbeatSchema = z.object({
  /** `<master>:<supervisor>`, unique across hosts. */
  name: z.string(),
  /** The supervisor's name in the config (`supervisor-1`). */
  supervisor: z.string(),
  master: z.string(),
  host: z.string(),
  pid: z.number().int(),
  environment: z.string(),
  status,
  connection: z.string(),
  queues: z.array(z.string()),
  balance: z.union([z.enum(["auto", "simple"]), z.literal(false)]),
  minProcesses: z.number().int(),
  maxProcesses: z.number().int(),
  /** Processes per pool key (Horizon's `processes`). */
  processes: z.record(z.string(), z.number().int()),
  pools: z.array(poolStateSchema),
  /** Measured average runtime per queue, ms (what the autoscaler and wait times use). */
  runtimeMs: z.record(z.string(), z.number()),
  /** RSS of the supervisor process plus its worker processes, MB. */
  memoryMb: z.number(),
  lastSeen: z.number(),
});
export type SupervisorHeartbeat = z.infer<typeof supervisorHeartbeatSchema>;

type Kind = "master" | "supervisor";
const indexKey = (kind: Kind) => key("workers", `${kind}s`);
const stateKey = (kind: Kind, name: string) => key("workers", kind, name);

async function publish(redis: Redis, kind: Kind, name: string, state: object, ttlMs: number): Promise<void> {
  await redis
    .multi()
    .set(stateKey(kind, name), JSON.stringify(state), "PX", ttlMs)
    .zadd(indexKey(kind), Date.now(), name)
    .exec();
}

async function forget(redis: Redis, kind: Kind, name: string): Promise<void> {
  await redis.multi().del(stateKey(kind, name)).zrem(indexKey(kind), name).exec();
}

async function list<T>(redis: Redis, kind: Kind, schema: z.ZodType<T>): Promise<T[]> {
  const names = await redis.zrange(indexKey(kind), 0, -1);
  if (!names.length) return [];
  const values = await redis.mget(...names.map((n) => stateKey(kind, n)));
  const gone = names.filter((_, i) => values[i] === null);
  // Index entries outlive their expired state; tidy them so the set stays small.
  if (gone.length) await redis.zrem(indexKey(kind), ...gone);
  return values.flatMap((v) => {
    if (v === null) return [];
    const parsed = schema.safeParse(JSON.parse(v));
    return parsed.success ? [parsed.data] : [];
  });
}

export const publishMaster = (redis: Redis, hb: MasterHeartbeat, ttlMs: number) => publish(redis, "master", hb.name, hb, ttlMs);
export const publishSupervisor = (redis: Redis, hb: SupervisorHeartbeat, ttlMs: number) => publish(redis, "supervisor", hb.name, hb, ttlMs);
export const forgetMaster = (redis: Redis, name: string) => forget(redis, "master", name);
export const forgetSupervisor = (redis: Redis, name: string) => forget(redis, "supervisor", name);

/** Live masters on every host, by name. */
export async function listMasters(redis: Redis): Promise<MasterHeartbeat[]> {
  return (await list(redis, "master", masterHeartbeatSchema)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Live supervisors on every host, by name. */
export async function listSupervisors(redis: Redis): Promise<SupervisorHeartbeat[]> {
  return (await list(redis, "supervisor", supervisorHeartbeatSchema)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Processes able to take jobs of each queue, summed over every supervisor on
 * every host (the seed's getWorkerCount): a pool counts for each queue it fetches from.
 */
export function countWorkersPerQueue(supervisors: SupervisorHeartbeat[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of supervisors) {
    if (s.status !== "running") continue;
    for (const pool of s.pools) for (const q of pool.fetches) counts[q] = (counts[q] ?? 0) + pool.processes;
  }
  return counts;
}

/** Live worker processes per queue across all hosts (health checks, the console). */
export async function workersPerQueue(redis: Redis): Promise<Record<string, number>> {
  return countWorkersPerQueue(await listSupervisors(redis));
}
