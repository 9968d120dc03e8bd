// The errors the libraries really throw when their server is away (no server needed: a closed
// port, or one that hangs up at once), each recognised as "a backing service is down".
import { createServer, type Server } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isConnectivityError } from "./connectivity-error";
import { RedisUnavailable } from "./redis/connection-watch";

let hangUp: Server;
let hangUpPort: number;

beforeAll(async () => {
  hangUp = createServer((socket) => socket.destroy()); // accepts, then drops the connection
  await new Promise<void>((r) => hangUp.listen(0, "127.0.0.1", r));
  hangUpPort = (hangUp.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => hangUp.close(() => r())));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.fail("expected a rejection"), (error: unknown) => error);
}

it("ioredis without an offline queue, before it ever connected: 'Stream isn't writeable…'", async () => {
  const redis = new Redis({ port: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
  redis.on("error", () => {});
  const error = await rejection(redis.get("k"));
  redis.disconnect();
  expect((error as Error).message).toMatch(/Stream isn't writeable/);
  expect(isConnectivityError(error)).toBe(true);
});

it("ioredis after the connection ended: 'Connection is closed.'", async () => {
  const redis = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on("error", () => {});
  redis.disconnect();
  const error = await rejection(redis.get("k"));
  expect(isConnectivityError(error)).toBe(true);
});

it("pg when the server drops the connection: 'Connection terminated unexpectedly'", async () => {
  const client = new pg.Client({ host: "127.0.0.1", port: hangUpPort, user: "postgres", database: "x", connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  const error = await rejection(client.connect());
  expect((error as Error).message).toMatch(/Connection terminated/);
  expect(isConnectivityError(error)).toBe(true);
});

it("our own refusal while the producer is known to be down", () => {
  expect(isConnectivityError(new RedisUnavailable("Redis connection is down (reconnecting)"))).toBe(true);
});

it("an ordinary error is not a connectivity error, nor is one that merely mentions a connection", () => {
  expect(isConnectivityError(new Error("Job 1 is not in the failed state"))).toBe(false);
  expect(isConnectivityError(new Error("customer said: Connection is closed. Please call back"))).toBe(false);
  expect(isConnectivityError("ECONNREFUSED")).toBe(false);
});
