// CPU time of processes from /proc (Linux), for benches that charge a server's or a
// database's work to what they measure.
import { readdirSync, readFileSync } from "node:fs";

const USER_HZ = 100;

function statFields(pid: number | string): { comm: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces: the fields follow the last ")".
    const close = stat.lastIndexOf(")");
    return { comm: stat.slice(stat.indexOf("(") + 1, close), fields: stat.slice(close + 2).split(" ") };
  } catch {
    return null; // exited meanwhile
  }
}

/** utime + stime (fields 14 and 15 of stat) in µs. */
const cpuUs = (fields: string[]) => ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;

/** utime + stime in µs (10 ms ticks), 0 for a process that is gone. */
export function processCpuUs(pid: number | string): number {
  const s = statFields(pid);
  return s ? cpuUs(s.fields) : 0;
}

/** processCpuUs of a process and, recursively, its live children. */
export function treeCpuUs(pid: number): number {
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    // no children file (gone, or not Linux)
  }
  return processCpuUs(pid) + children.reduce((sum, child) => sum + treeCpuUs(Number(child)), 0);
}

/** processCpuUs summed over every process named `comm` (backends that exited meanwhile are lost). */
export function cpuUsOfAll(comm: string): number {
  let us = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const s = statFields(pid);
    if (s?.comm === comm) us += cpuUs(s.fields);
  }
  return us;
}
