// Integration tests assume `npm test` (scripts/bootstrap.mjs) prepared the
// test database; this only checks both services answer, with a clear message.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";

// One id per vitest run: test files take prefixes under it (tests/unique-prefix.ts), and the
// teardown removes only this run's keys — several people run vitest at once against one Redis,
// and a finished run must not wipe the queues of a run still going.
const run = (process.env.SWITCHYARD_TEST_RUN ??= randomUUID().slice(0, 8));

/** Deletes this run's per-file prefixes (tests/unique-prefix.ts) in small SCAN batches. */
async function removeTestKeys(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `switchyard-test-${run}-*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    await client.query('SELECT 1 FROM "_prisma_migrations" LIMIT 1');
  } catch (error) {
    throw new Error(`Test database ${process.env.DATABASE_URL} is not ready (run \`npm test\`, which migrates it): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis at ${process.env.REDIS_URL} is not reachable: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
  return removeTestKeys;
}
