// Resident memory of a process tree, read from /proc (Linux): VmRSS of every
// process in a process group, with each one's parent, so a soak test can tell
// the workers master from its supervisors and their worker processes.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessSample {
  pid: number;
  ppid: number;
  comm: string;
  rssKb: number;
}

function readStat(pid: number): { ppid: number; pgrp: number; comm: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may itself contain spaces or ")": the fields follow the last ")".
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const [, ppid, pgrp] = stat.slice(close + 2).split(" ");
    return { ppid: Number(ppid), pgrp: Number(pgrp), comm };
  } catch {
    return null; // exited between readdir and read
  }
}

/** VmRSS in kB, or null when the process is gone (or a zombie without memory). */
export function rssKb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Every live process whose process group is `pgid` (a detached child's pid is its group id). */
export function processGroup(pgid: number): ProcessSample[] {
  const out: ProcessSample[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat || stat.pgrp !== pgid) continue;
    const rss = rssKb(pid);
    if (rss !== null) out.push({ pid, ppid: stat.ppid, comm: stat.comm, rssKb: rss });
  }
  return out;
}

export interface WorkersTreeSample {
  masterKb: number;
  supervisorsKb: number;
  workersKb: number;
  supervisors: number;
  workers: number;
  workerPids: number[];
}

/** The workers process tree by role: master = the group leader, supervisors = its children, worker processes = theirs. */
export function workersTree(masterPid: number): WorkersTreeSample {
  const group = processGroup(masterPid);
  const master = group.find((p) => p.pid === masterPid);
  const supervisors = group.filter((p) => p.ppid === masterPid);
  const supervisorPids = new Set(supervisors.map((p) => p.pid));
  const workers = group.filter((p) => supervisorPids.has(p.ppid));
  const sum = (ps: ProcessSample[]) => ps.reduce((s, p) => s + p.rssKb, 0);
  return {
    masterKb: master?.rssKb ?? 0,
    supervisorsKb: sum(supervisors),
    workersKb: sum(workers),
    supervisors: supervisors.length,
    workers: workers.length,
    workerPids: workers.map((p) => p.pid),
  };
}
