// Identical reads that arrive while one is running share it: ten admins (or
// ten tabs) polling the dashboard cost one computation per moment, not ten.
// No caching: a request that starts after the running one finished computes
// afresh, so nothing is ever staler than a request's own duration.
const running = new Map<string, Promise<unknown>>();

export function coalesce<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const existing = running.get(key);
  if (existing) return existing as Promise<T>;
  const p = compute().finally(() => running.delete(key));
  running.set(key, p);
  return p;
}

/** The key of a read: its name, the env prefix it reads under, and its (JSON) arguments. */
export function readKey(name: string, prefix: string, args?: unknown): string {
  return `${prefix}|${name}|${args === undefined ? "" : JSON.stringify(args)}`;
}
