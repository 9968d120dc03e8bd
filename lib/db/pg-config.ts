import { parse } from "pg-connection-string";
import type { PoolConfig } from "pg";

/**
 * A pg pool config with explicit fields rather than `connectionString`, so a
 * caller can swap `database` (pg lets the URL win over explicit fields).
 */
export function pgConfigFromUrl(url: string): PoolConfig {
  const { host, port, user, password, database } = parse(url);
  return {
    host: host ?? undefined,
    port: port ? Number(port) : undefined,
    user,
    password,
    database: database ?? undefined,
  };
}

/** The same server, another database (e.g. `postgres` to create ours). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
