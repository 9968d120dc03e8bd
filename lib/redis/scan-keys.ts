// SCAN over the whole keyspace. On a cluster SCAN only walks the node it is
// sent to, so it must be run on every master (replicas hold copies, not more keys).
import type { Cluster, Redis } from "ioredis";

/** The masters of a cluster. A fresh client knows no nodes until it has loaded the slots: wait for that. */
async function masters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== "ready") await cluster.ping(); // queued until the slots are loaded
  const nodes = cluster.nodes("master");
  if (!nodes.length) throw new Error("Redis Cluster: no master node known to scan");
  return nodes;
}

/** Batches of keys matching `pattern` on a single Redis, or on every master of a cluster. */
export async function* scanKeys(redis: Redis | Cluster, pattern: string, count: number): AsyncGenerator<string[]> {
  const nodes: Redis[] = redis.isCluster ? await masters(redis as Cluster) : [redis as Redis];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", count);
      cursor = next;
      if (keys.length) yield keys;
    } while (cursor !== "0");
  }
}
