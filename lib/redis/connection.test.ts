import { afterEach, expect, it, vi } from "vitest";
import { sleep } from "../queue/test-support";
import { createRedis } from "./connection";

afterEach(() => vi.restoreAllMocks());

it("a connection whose Redis is away keeps its reconnect errors out of stderr (ioredis's 'Unhandled error event')", async () => {
  const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
  const redis = createRedis({ url: "redis://127.0.0.1:1" }); // nothing listens on port 1
  const refused = new Promise((resolve) => redis.once("error", resolve));
  await refused;
  await sleep(300); // a reconnect attempt or two
  redis.disconnect();
  expect(stderr.mock.calls.map((args) => String(args[0]))).not.toContainEqual(expect.stringContaining("Unhandled error event"));
});
