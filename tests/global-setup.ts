// Integration tests assume `npm test` (scripts/bootstrap.mjs) prepared the
// test database; this only checks both services answer, with a clear message.
import pg from "pg";
import { Redis } from "ioredis";

/** Deletes the per-file prefixes (tests/unique-prefix.ts) in small SCAN batches. */
async function removeTestKeys(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "switchyard-test-*", "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return removeTestKeys;
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
