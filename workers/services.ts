// Start-up gate of the workers process: wait until Redis and PostgreSQL answer,
// saying clearly which one is down and why, retrying with backoff instead of
// exiting (a process manager restarting us in a tight loop helps nobody).
import { Redis } from "ioredis";
import pg from "pg";
import type { Logger } from "@/lib/logger";

export interface ServiceUrls {
  redisUrl: string;
  databaseUrl: string;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable url)";
  }
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: { code?: string; message?: string }[] };
  const inner = e.errors?.[0];
  return [e.code ?? inner?.code, e.message || inner?.message].filter(Boolean).join(": ") || String(error);
}

async function checkRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  // ioredis rejects connect() with a generic "Connection is closed"; the socket's error says why.
  let socketError: unknown;
  redis.on("error", (error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return reason(socketError ?? error);
  } finally {
    redis.disconnect();
  }
}

async function checkPostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return reason(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/** Resolves true once both answer; false if `signal` aborts first (shutdown while waiting). */
export async function waitForServices(urls: ServiceUrls, log: Logger, signal: AbortSignal, maxDelayMs = 30_000): Promise<boolean> {
  for (let attempt = 1; !signal.aborted; attempt++) {
    const [redisDown, postgresDown] = await Promise.all([checkRedis(urls.redisUrl), checkPostgres(urls.databaseUrl)]);
    if (!redisDown && !postgresDown) {
      if (attempt > 1) log.info("Redis and PostgreSQL answer again; starting");
      return true;
    }
    const delayMs = Math.min(maxDelayMs, 1_000 * 2 ** Math.min(attempt - 1, 10));
    if (redisDown) log.error({ service: "redis", url: redactUrl(urls.redisUrl), retryInMs: delayMs }, `Redis is down (${redisDown}); retrying in ${delayMs / 1000}s`);
    if (postgresDown) log.error({ service: "postgres", url: redactUrl(urls.databaseUrl), retryInMs: delayMs }, `PostgreSQL is down (${postgresDown}); retrying in ${delayMs / 1000}s`);
    await sleep(delayMs, signal);
  }
  return false;
}
