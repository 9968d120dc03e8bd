// Names of masters and supervisors, unique across hosts (Horizon's
// MasterSupervisor::name(): the host plus a random suffix).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** The host this process reports: WORKERS_HOST or the OS hostname, as a key-safe slug. */
export function hostSlug(configured?: string): string {
  return (configured ?? hostname()).replace(/[^\w.-]+/g, "-").slice(0, 60) || "host";
}

export function masterName(host: string): string {
  return `${host}-${randomBytes(2).toString("hex")}`;
}

export function supervisorFullName(master: string, supervisor: string): string {
  return `${master}:${supervisor}`;
}
