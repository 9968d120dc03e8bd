// A fail-fast connection (the producers', the health probe's) on a real 3-master Redis Cluster
// (tests/chaos/private-cluster.ts: Debian's redis-server on free ports). Without its offline
// queue from the start, ioredis refused the cluster's own ready check while the node it asked
// was still connecting, dropped every node and reconnected 200 ms later — about one fresh client
// in four here — and a Retell webhook that arrived meanwhile got a 503.
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateCluster, type PrivateCluster } from "../../tests/chaos/private-cluster";
import { createRedis } from "./connection";

let cluster: PrivateCluster;
const nodes = () => cluster.nodes.split(",").map((n) => ({ host: n.split(":")[0], port: Number(n.split(":")[1]) }));

beforeAll(async () => {
  cluster = await startPrivateCluster(3);
}, 60_000);
afterAll(() => cluster?.stop());

/** A fresh fail-fast cluster client, ready, and whether it dropped its nodes and reconnected on the way. */
async function readyClient(): Promise<{ client: Redis; reconnected: boolean }> {
  const client = createRedis({ failFast: true, clusterNodes: nodes() });
  client.on("error", () => {});
  let reconnected = false;
  client.on("reconnecting", () => (reconnected = true));
  await new Promise((resolve) => client.once("ready", resolve));
  return { client, reconnected };
}

describe("a fail-fast cluster connection", () => {
  it("comes up without dropping its nodes, and takes a burst of commands at once (30 fresh clients)", async () => {
    let reconnects = 0;
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const { client, reconnected } = await readyClient();
      if (reconnected) reconnects++;
      const burst = await Promise.allSettled(Array.from({ length: 10 }, (_, k) => client.set(`{sy-conn-test}:${i}:${k}`, "1")));
      refused += burst.filter((r) => r.status === "rejected").length;
      client.disconnect();
    }
    expect({ reconnects, refused }).toEqual({ reconnects: 0, refused: 0 });
  }, 60_000);

  it("still refuses a command at once while the cluster is away", async () => {
    const { client } = await readyClient();
    await cluster.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await expect(client.set("{sy-conn-test}:down", "1")).rejects.toThrow(/isn't ready|closed/i);
    expect(Date.now() - started).toBeLessThan(1_000);
    client.disconnect();
  });
});
