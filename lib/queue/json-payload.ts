// Payloads travel as JSON. JSON.stringify silently turns a Date into a string,
// drops functions and turns a Map into {}; refuse those before they corrupt a job.
import { PayloadInvalid } from "./errors";

/** Returns the first path that is not plain JSON, with why, or null when the value is JSON. */
export function findNonJson(value: unknown, path = "payload", seen = new Set<object>()): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${path} is ${value}, which JSON cannot represent`;
  if (typeof value === "undefined") return `${path} is undefined (JSON would drop or null it)`;
  if (typeof value === "function") return `${path} is a function`;
  if (typeof value === "bigint") return `${path} is a bigint (send it as a string)`;
  if (typeof value === "symbol") return `${path} is a symbol`;
  const obj = value as object;
  if (seen.has(obj)) return `${path} is a circular reference`;
  if (Array.isArray(obj)) {
    seen.add(obj);
    for (let i = 0; i < obj.length; i++) {
      const problem = findNonJson(obj[i], `${path}[${i}]`, seen);
      if (problem) return problem;
    }
    seen.delete(obj);
    return null;
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    const kind = obj.constructor?.name ?? "class";
    const hint = obj instanceof Date ? " (send date.toISOString())" : "";
    return `${path} is a ${kind} instance${hint}; payloads must be plain JSON`;
  }
  seen.add(obj);
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue; // an absent optional field: JSON omits it, nothing is corrupted
    const problem = findNonJson(v, `${path}.${k}`, seen);
    if (problem) return problem;
  }
  seen.delete(obj);
  return null;
}

export function assertJsonPayload(value: unknown, jobName: string): void {
  const problem = findNonJson(value);
  if (problem) throw new PayloadInvalid(`Job "${jobName}": ${problem}`, { details: { problem } });
}
