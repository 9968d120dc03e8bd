// The connection watch against real Redis, through a proxy that holds Redis's answers: a request
// checked while the connection is in ioredis's ready check (`connect`) is not refused as "Redis down"
// (a webhook delivery would be retried by Retell for nothing); a connection lost later is.
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import { tcpProxy } from "../../tests/chaos/tcp-proxy";
import { env } from "../env";
import { waitFor } from "../queue/test-support";
import { connectionWatch } from "./connection-watch";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

it("a connection in its ready check is not down; one lost after it was ready is, until it is ready again", async () => {
  const redisUrl = new URL(env().REDIS_URL);
  const proxy = await tcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname, { holdAnswers: true });
  const redis = new Redis({ host: "127.0.0.1", port: proxy.port, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => 50 });
  redis.on("error", () => {});
  cleanup.push(async () => redis.disconnect(), () => proxy.close());

  void redis.connect().catch(() => {});
  await waitFor(() => redis.status === "connect", 5_000);
  const watch = connectionWatch(redis);
  expect(watch.down).toBe(false);

  proxy.releaseAnswers();
  await waitFor(() => redis.status === "ready", 5_000);
  expect(watch.down).toBe(false);

  await proxy.cut(); // Redis goes away
  await waitFor(() => watch.down, 5_000);
  await proxy.restore();
  await waitFor(() => redis.status === "ready", 5_000);
  expect(watch.down).toBe(false);
});
