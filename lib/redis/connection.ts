// Redis connections for BullMQ and Switchyard's own keys: one Redis (REDIS_URL)
// or a Redis Cluster (REDIS_CLUSTER_NODES, see lib/redis/cluster-config.ts).
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import { env } from "../env";
import { logger } from "../logger";
import type { ClusterNode } from "./cluster-config";

export interface ConnectionOptions {
  /** Workers block on Redis: BullMQ needs maxRetriesPerRequest null there. */
  blocking?: boolean;
  /** Producers fail fast (so the webhook route can answer 503) instead of queueing commands forever. */
  failFast?: boolean;
  /** A single Redis at this URL, whatever the environment says (tests, tools). */
  url?: string;
  /** A cluster at these seed nodes, whatever the environment says (tests). */
  clusterNodes?: ClusterNode[];
}

// Reconnect with capped backoff forever: a Redis restart must not need a process restart.
const reconnectDelay = (times: number) => Math.min(times * 200, 5_000);

export function redisOptions({ blocking = false, failFast = false }: ConnectionOptions = {}): RedisOptions {
  return {
    maxRetriesPerRequest: blocking ? null : failFast ? 1 : 3,
    enableOfflineQueue: !failFast,
    retryStrategy: reconnectDelay,
    connectTimeout: 5_000,
    lazyConnect: false,
  };
}

/**
 * The same behaviour on a cluster: per-node options plus the cluster's own queueing and retry.
 * A fail-fast cluster starts with its offline queue on and turns it off once ready (failFastOnceReady).
 */
export function clusterOptions(options: ConnectionOptions = {}): ClusterOptions {
  const { retryStrategy: _perNode, ...node } = redisOptions(options);
  return {
    redisOptions: node,
    enableOfflineQueue: true,
    clusterRetryStrategy: reconnectDelay,
    // A failover or resharding answers MOVED/ASK for a moment; follow it rather than fail the command.
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 500,
  };
}

/**
 * A connection to this deployment's Redis. On a cluster this is an ioredis `Cluster`, typed as
 * `Redis`: both expose the same command API, and everything Switchyard sends is either a
 * single-slot command or a script/pipeline/MULTI over keys under the hash-tagged prefix
 * (one slot). The one command that is per node, SCAN, goes through scanKeys() (scan-keys.ts).
 */
export function createRedis(options: ConnectionOptions = {}): Redis {
  const connection = connect(options);
  // Without a listener ioredis prints "Unhandled error event" to stderr on every reconnect attempt
  // of an outage. The failures that matter reach the commands that fail; this only keeps them out of stderr.
  connection.on("error", (error: Error) => logger.debug({ err: error }, "redis connection error"));
  return connection;
}

function connect(options: ConnectionOptions): Redis {
  const nodes = options.clusterNodes ?? (options.url ? undefined : env().REDIS_CLUSTER_NODES);
  if (nodes) {
    const cluster = new Cluster(nodes, clusterOptions(options));
    if (options.failFast) failFastOnceReady(cluster);
    return cluster as unknown as Redis;
  }
  return new Redis(options.url ?? env().REDIS_URL, redisOptions(options));
}

/**
 * ioredis sends a cluster's own ready check (CLUSTER INFO) through the same path as any command,
 * and without an offline queue it refuses it while the node asked is still connecting; the client
 * then drops every node and retries 200 ms later. Measured here: 3 to 11 of 15 fresh fail-fast
 * clients did, and a webhook that arrived meanwhile got a 503. So the queue is on until the first
 * ready and off from then on: commands sent while the cluster is away fail at once again.
 */
function failFastOnceReady(cluster: Cluster): void {
  cluster.once("ready", () => {
    cluster.options.enableOfflineQueue = false;
  });
}

/** True in cluster mode (REDIS_CLUSTER_NODES set). */
export function isClusterMode(): boolean {
  return Boolean(env().REDIS_CLUSTER_NODES);
}

/** One URL to check reachability with and to name in logs: REDIS_URL, or the first cluster seed node. */
export function redisProbeUrl(): string {
  const first = env().REDIS_CLUSTER_NODES?.[0];
  return first ? `redis://${first.host.includes(":") ? `[${first.host}]` : first.host}:${first.port}` : env().REDIS_URL;
}

/** Switchyard's own keys live under the same prefix as BullMQ's. */
export function key(...parts: (string | number)[]): string {
  return [env().REDIS_PREFIX, ...parts].join(":");
}
