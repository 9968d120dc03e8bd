// The Supervisors screen: masters and supervisors on every host from their
// heartbeats, processes per queue, and the autoscaler's recent decisions.
import { controlWorkers, workersStatus } from "../supervisor/control";
import { recentScaleDecisions } from "../supervisor/scale-log";
import { consoleRedis } from "./redis";
import type { ScaleDecisionView, SupervisorsData } from "./types";

const DECISIONS = 50;

/** The autoscaler's recent moves (lib/supervisor/scale-log.ts), newest first. */
async function recentDecisions(): Promise<ScaleDecisionView[] | null> {
  return recentScaleDecisions(consoleRedis(), DECISIONS);
}

export async function supervisorsData(): Promise<SupervisorsData> {
  const redis = consoleRedis();
  const [status, decisions] = await Promise.all([workersStatus(redis), recentDecisions()]);
  return {
    status: status.status,
    masters: status.masters.map((m) => ({
      name: m.name, host: m.host, pid: m.pid, environment: m.environment, status: m.status,
      memoryMb: m.memoryMb, startedAt: m.startedAt, lastSeen: m.lastSeen, supervisors: m.supervisors,
    })),
    supervisors: status.supervisors.map((s) => ({
      name: s.name, supervisor: s.supervisor, master: s.master, host: s.host, pid: s.pid, status: s.status,
      connection: s.connection, balance: String(s.balance), minProcesses: s.minProcesses, maxProcesses: s.maxProcesses,
      processes: s.processes, memoryMb: s.memoryMb, lastSeen: s.lastSeen,
    })),
    workersPerQueue: status.workersPerQueue,
    decisions,
  };
}

export type ConsoleCommand = { type: "pause" | "continue" | "restart"; master?: string; supervisor?: string; host?: string };

/** Pause / continue / graceful restart of matching masters (or one supervisor), on any host. */
export async function sendSupervisorCommand(c: ConsoleCommand): Promise<{ sentTo: string[] }> {
  return controlWorkers(consoleRedis(), { type: c.type }, { master: c.master, supervisor: c.supervisor, host: c.host });
}
