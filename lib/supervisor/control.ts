// What `npm run workers:pause|continue|terminate|restart|scale|status` and the
// console do: resolve targets from the heartbeats (any host) and send them a
// command. Without a supervisor filter the command goes to whole masters.
import type { Redis } from "ioredis";
import { BadRequest, NotFound } from "../http/app-error";
import { sendCommand, type SupervisorCommand } from "./commands";
import { countWorkersPerQueue, listMasters, listSupervisors, type MasterHeartbeat, type SupervisorHeartbeat } from "./heartbeats";

export interface ControlFilter {
  /** A supervisor's config name (`supervisor-1`, on every host) or full name (`host-ab12:supervisor-1`). */
  supervisor?: string;
  /** Only processes reporting this host. */
  host?: string;
  /** Only this master (full name). */
  master?: string;
}

export class NoWorkersMatch extends NotFound {
  override readonly code = "no_workers_match";
}

function matches(p: { host: string; name: string; master?: string }, f: ControlFilter): boolean {
  if (f.host && p.host !== f.host) return false;
  if (f.master && (p.master ?? p.name) !== f.master) return false;
  return true;
}

/** Sends `command` to the matching masters (or supervisors) and returns whom it reached. */
export async function controlWorkers(redis: Redis, command: SupervisorCommand, filter: ControlFilter = {}): Promise<{ sentTo: string[] }> {
  let targets: string[];
  if (filter.supervisor) {
    const all = await listSupervisors(redis);
    targets = all
      .filter((s) => (s.supervisor === filter.supervisor || s.name === filter.supervisor) && matches(s, filter))
      .map((s) => s.name);
  } else {
    if (command.type === "scale") throw new BadRequest("scale needs a supervisor: name one (e.g. --supervisor=supervisor-1)");
    targets = (await listMasters(redis)).filter((m) => matches(m, filter)).map((m) => m.name);
  }
  if (!targets.length) {
    const what = filter.supervisor ? `supervisor "${filter.supervisor}"` : "master";
    throw new NoWorkersMatch(`No running ${what}${filter.host ? ` on host ${filter.host}` : ""}; is \`npm run workers\` running against this Redis?`);
  }
  await Promise.all(targets.map((t) => sendCommand(redis, t, command)));
  return { sentTo: targets };
}

export interface WorkersStatus {
  /** Horizon's status: inactive without masters, paused when every master is paused. */
  status: "running" | "paused" | "inactive";
  masters: MasterHeartbeat[];
  supervisors: SupervisorHeartbeat[];
  workersPerQueue: Record<string, number>;
}

export async function workersStatus(redis: Redis): Promise<WorkersStatus> {
  const [masters, supervisors] = await Promise.all([listMasters(redis), listSupervisors(redis)]);
  const status = !masters.length ? "inactive" : masters.every((m) => m.status === "paused") ? "paused" : "running";
  return { status, masters, supervisors, workersPerQueue: countWorkersPerQueue(supervisors) };
}
