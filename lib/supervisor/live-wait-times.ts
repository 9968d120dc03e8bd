// Wait time per `connection:queue` right now, across every host: ready jobs from
// BullMQ, processes and measured runtimes from the supervisors' heartbeats.
// Used by the long-wait monitor and readable by the console.
import type { Redis } from "ioredis";
import { queueRuntimes } from "../metrics/snapshot-queries";
import { getQueue } from "../queue/queues";
import { listSupervisors, type SupervisorHeartbeat } from "./heartbeats";
import { calculateWaitTimes, type QueueLoad } from "./wait-time";

/** Per pool key (`redis:default`, `redis:high,default`): processes summed over supervisors, runtimes averaged. */
export function poolsAcrossHosts(supervisors: SupervisorHeartbeat[]): Map<string, { queues: string[]; processes: number; runtimeMs: Record<string, number[]> }> {
  const pools = new Map<string, { queues: string[]; processes: number; runtimeMs: Record<string, number[]> }>();
  for (const s of supervisors) {
    for (const pool of s.pools) {
      const name = `${s.connection}:${pool.queue}`;
      const entry = pools.get(name) ?? { queues: pool.queue.split(","), processes: 0, runtimeMs: {} };
      if (s.status === "running") entry.processes += pool.processes;
      for (const q of entry.queues) {
        const ms = s.runtimeMs[q];
        if (ms) (entry.runtimeMs[q] ??= []).push(ms);
      }
      pools.set(name, entry);
    }
  }
  return pools;
}

const mean = (list: number[] | undefined) => (list?.length ? list.reduce((a, b) => a + b, 0) / list.length : 0);

export async function currentWaitTimes(redis: Redis): Promise<{ name: string; seconds: number }[]> {
  const pools = poolsAcrossHosts(await listSupervisors(redis));
  // Queues no running supervisor has measured lately fall back to the metrics snapshots (Horizon's source).
  const history = await queueRuntimes({ redis }).catch(() => ({}) as Record<string, number>);
  const loads: QueueLoad[] = await Promise.all([...pools.entries()].map(async ([name, pool]) => ({
    name,
    processes: pool.processes,
    queues: await Promise.all(pool.queues.map(async (q) => {
      const counts = await getQueue(q).getJobCounts("wait", "prioritized");
      return { readyNow: (counts.wait ?? 0) + (counts.prioritized ?? 0), runtimeMs: mean(pool.runtimeMs[q]) || history[q] || 0 };
    })),
  })));
  return calculateWaitTimes(loads);
}
