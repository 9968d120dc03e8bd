// Which queues the console shows: every queue of the config, plus BullMQ
// queues found in Redis that the config lacks (marked as such), e.g. left over
// from a renamed queue or pushed by another app on the same prefix.
//
// Finding them means a SCAN over the keyspace (a million jobs = a million
// keys), so it runs at most once a minute per process, in the background: a
// request never waits for it except the very first one after start.
import { config, consumedQueues, QUEUE_NAMES } from "../config";
import { env } from "../env";
import { logger } from "../logger";
import { scanKeys } from "../redis/scan-keys";
import { consoleRedis } from "./redis";

const REDISCOVER_MS = 60_000;
// Keys looked at per SCAN call. Redis serves nothing else while it walks them: 10,000 held it
// ~9 ms a call at 1.1 M keys, which every worker and console read waiting behind it paid once a
// minute; 1,000 holds it ~1 ms for about the same total (docs/BENCHMARKS.md, queue discovery).
export const SCAN_COUNT = 1_000;
const QUEUE_NAME = /^[\w-]+$/;

interface Discovery {
  names: string[];
  at: number;
}

const cache = new Map<string, { value: Discovery | null; running: Promise<Discovery> | null }>();

/** Queue names in config order: consumed ones first, then the rest of QUEUE_NAMES. */
export function configuredQueues(): string[] {
  try {
    return [...new Set([...consumedQueues(config()), ...QUEUE_NAMES])];
  } catch {
    return [...QUEUE_NAMES];
  }
}

/** Pure: the queue name inside `<prefix>:<queue>:meta`, or null for any other key. */
export function queueFromMetaKey(key: string, prefix: string): string | null {
  if (!key.startsWith(`${prefix}:`) || !key.endsWith(":meta")) return null;
  const name = key.slice(prefix.length + 1, -":meta".length);
  return QUEUE_NAME.test(name) ? name : null;
}

/** Every BullMQ queue of `prefix` in Redis, by its meta key: one walk of the whole keyspace. */
export async function scanForQueues(prefix: string, count = SCAN_COUNT): Promise<Discovery> {
  const redis = consoleRedis();
  const found = new Set<string>();
  // On a cluster every master is scanned (scanKeys).
  for await (const keys of scanKeys(redis, `${prefix}:*:meta`, count)) {
    for (const k of keys) {
      const name = queueFromMetaKey(k, prefix);
      if (name) found.add(name);
    }
  }
  return { names: [...found].sort(), at: Date.now() };
}

function refresh(prefix: string): Promise<Discovery> {
  const entry = cache.get(prefix) ?? { value: null, running: null };
  cache.set(prefix, entry);
  entry.running ??= scanForQueues(prefix)
    .then((d) => {
      entry.value = d;
      return d;
    })
    .catch((error) => {
      logger.warn({ err: error }, "console: scanning Redis for queues failed; showing configured queues");
      return entry.value ?? { names: [], at: 0 };
    })
    .finally(() => {
      entry.running = null;
    });
  return entry.running;
}

/** Queues found in Redis (cached; refreshed in the background once a minute). */
export async function discoveredQueues(): Promise<Discovery> {
  const prefix = env().REDIS_PREFIX;
  const entry = cache.get(prefix);
  if (!entry?.value) return refresh(prefix);
  if (Date.now() - entry.value.at > REDISCOVER_MS && !entry.running) void refresh(prefix);
  return entry.value;
}

/** Configured queues first, then discovered ones the config lacks. */
export async function allQueues(): Promise<{ names: string[]; configured: Set<string>; discoveredAt: number | null }> {
  const configured = configuredQueues();
  const discovery = await discoveredQueues();
  const extra = discovery.names.filter((n) => !configured.includes(n));
  return { names: [...configured, ...extra], configured: new Set(configured), discoveredAt: discovery.at || null };
}

/** For tests: forget what was found. */
export function resetQueueDiscovery(): void {
  cache.clear();
}
