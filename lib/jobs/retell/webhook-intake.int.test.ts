// The webhook's producer watch against real Redis, through a proxy that holds Redis's answers:
// a delivery checked while the connection is in ioredis's ready check (`connect`) is not refused
// as "Redis down" (Retell would retry it for nothing); a connection lost later is.
import { connect, createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterEach, expect, it } from "vitest";
import { env } from "../../env";
import { waitFor } from "../../queue/test-support";
import { connectionWatch } from "./webhook-intake";

interface HoldingProxy {
  port: number;
  /** Lets Redis's answers through from now on. */
  release(): void;
  /** Drops every connection, as a Redis that went away. */
  drop(): void;
  close(): Promise<void>;
}

/** Forwards to Redis at once, but holds what Redis answers until release(). */
async function holdingProxy(): Promise<HoldingProxy> {
  const redisUrl = new URL(env().REDIS_URL);
  const sockets = new Set<Socket>();
  let released = false;
  const waiting: (() => void)[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(Number(redisUrl.port || 6379), redisUrl.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk) => (released ? client.write(chunk) : waiting.push(() => client.write(chunk))));
    for (const s of [client, upstream]) s.on("error", () => {}).on("close", () => { client.destroy(); upstream.destroy(); });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    release() {
      released = true;
      waiting.splice(0).forEach((write) => write());
    },
    drop: () => sockets.forEach((s) => s.destroy()),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

it("a connection in its ready check is not down; one lost after it was ready is, until it is ready again", async () => {
  const proxy = await holdingProxy();
  const redis = new Redis({ host: "127.0.0.1", port: proxy.port, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => 50 });
  redis.on("error", () => {});
  cleanup.push(async () => redis.disconnect(), () => proxy.close());

  void redis.connect().catch(() => {});
  await waitFor(() => redis.status === "connect", 5_000);
  const watch = connectionWatch(redis);
  expect(watch.down).toBe(false);

  proxy.release();
  await waitFor(() => redis.status === "ready", 5_000);
  expect(watch.down).toBe(false);

  proxy.drop();
  await waitFor(() => watch.down, 5_000);
  await waitFor(() => redis.status === "ready", 5_000);
  expect(watch.down).toBe(false);
});
