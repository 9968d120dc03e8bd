// `npm run queue:status`: one terminal screen — masters and supervisors from the
// heartbeats, then per queue its size, status, wait, failures and workers.
import type { Redis } from "ioredis";
import { config } from "../config";
import { buildHealth, type QueueHealth } from "../health/queue-health";
import { countWorkersPerQueue, listMasters, listSupervisors, type MasterHeartbeat, type SupervisorHeartbeat } from "../supervisor/heartbeats";
import { knownQueues, queueCounts } from "./queue-counts";
import { queueMetrics, renderTable, type QueueMetricsReport } from "./queue-metrics";
import { metricsRedis } from "./redis";

export interface StatusData {
  at: number;
  masters: MasterHeartbeat[];
  supervisors: SupervisorHeartbeat[];
  health: Record<string, QueueHealth>;
  metrics: QueueMetricsReport;
}

export async function collectStatus({ redis = metricsRedis(), now = Date.now(), minutes = 5 } = {}): Promise<StatusData> {
  const queues = await knownQueues(redis, now);
  const [masters, supervisors, counts, metrics] = await Promise.all([
    listMasters(redis),
    listSupervisors(redis),
    queueCounts(queues, redis),
    queueMetrics({ redis, now, minutes, queues }),
  ]);
  const health = buildHealth(counts, countWorkersPerQueue(supervisors), config().horizon.health);
  return { at: now, masters, supervisors, health, metrics };
}

const ago = (now: number, t: number) => `${Math.max(0, Math.round((now - t) / 1000))}s ago`;

/** Pure: the screen as text. */
export function renderStatus(d: StatusData): string {
  const out: string[] = [`Switchyard status — ${new Date(d.at).toISOString()}`, ""];
  out.push(d.masters.length ? `Masters (${d.masters.length})` : "Masters: none running");
  if (d.masters.length) {
    out.push(renderTable(["Master", "Host", "PID", "Status", "Supervisors", "Memory", "Seen"],
      d.masters.map((m) => [m.name, m.host, String(m.pid), m.status, String(m.supervisors.length), `${Math.round(m.memoryMb)} MB`, ago(d.at, m.lastSeen)])));
  }
  out.push("");
  if (d.supervisors.length) {
    out.push(`Supervisors (${d.supervisors.length})`);
    out.push(renderTable(["Supervisor", "Status", "Queues", "Balance", "Processes", "Seen"],
      d.supervisors.map((s) => [
        s.name, s.status, s.queues.join(","), String(s.balance),
        String(Object.values(s.processes).reduce((a, b) => a + b, 0)), ago(d.at, s.lastSeen),
      ])));
    out.push("");
  }
  const m = d.metrics;
  out.push(`Queues (last ${m.window_minutes} min: ${m.job_throughput} jobs/min, avg wait ${m.average_wait_time_ms} ms, failure rate ${(m.failure_rate * 100).toFixed(1)}%)`);
  out.push(renderTable(
    ["Queue", "Status", "Size", "Delayed", "Active", "Failed", "Workers", "Jobs/min", "Avg wait", "p95 wait", "Fail %"],
    Object.entries(d.health).map(([q, h]) => {
      const line = m.queues[q];
      return [
        q, h.status, String(h.size), String(h.delayed), String(h.active), String(h.failed), String(h.workers),
        String(line?.throughput_per_minute ?? 0), `${line?.average_wait_ms ?? 0} ms`, `${line?.p95_wait_ms ?? 0} ms`,
        `${((line?.failure_rate ?? 0) * 100).toFixed(1)}`,
      ];
    }),
  ));
  return out.join("\n");
}
