// A clean that loses Redis part-way answers a 503 that says how many jobs it had removed, and that
// count is true (within the one chunk whose answer the outage swallowed). Every connection of this
// file goes through a TCP proxy the test cuts mid-clean; the test counts over its own direct one.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tcpProxy, type TcpProxy } from "../chaos/tcp-proxy";
import { env, resetEnvCache } from "@/lib/env";
import { ServiceUnavailable } from "@/lib/http/app-error";

const CHUNK = 50;
const JOBS = 3_000;
let proxy: TcpProxy;
let direct: Redis;
const queue = `clean-stopped-${Date.now()}`;

beforeAll(async () => {
  const url = new URL(env().REDIS_URL);
  direct = new Redis({ host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) });
  proxy = await tcpProxy(Number(url.port || 6379), url.hostname);
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}${url.pathname}`;
  resetEnvCache();
  const { getQueue } = await import("@/lib/queue");
  await getQueue(queue).addBulk(Array.from({ length: JOBS }, (_, n) => ({ name: "Noop", data: { n } })));
});

afterAll(async () => {
  await proxy.restore().catch(() => {});
  const { closeQueues } = await import("@/lib/queue");
  const { closeConsoleRedis } = await import("@/lib/console/redis");
  await Promise.race([Promise.all([closeQueues(), closeConsoleRedis()]), new Promise((r) => setTimeout(r, 2_000))]);
  await proxy.close();
  direct.disconnect();
});

it("says how many it removed before Redis went away", async () => {
  const { cleanState } = await import("@/lib/console/queue-actions");
  const waitKey = `${env().REDIS_PREFIX}:${queue}:wait`;
  const cleaning = cleanState(queue, "waiting", { chunk: CHUNK, budgetMs: 60_000 }).then(() => null, (error: unknown) => error);
  while ((await direct.llen(waitKey)) > JOBS - 5 * CHUNK) await new Promise((r) => setTimeout(r, 2));
  await proxy.cut();
  const error = await cleaning;
  const removedForReal = JOBS - (await direct.llen(waitKey));

  expect(error).toBeInstanceOf(ServiceUnavailable);
  const { removed } = (error as ServiceUnavailable).details as { removed: number };
  expect((error as Error).message).toContain(`removed ${removed}`);
  expect(removed).toBeGreaterThan(0);
  expect(removed).toBeLessThan(JOBS);
  expect(removedForReal - removed).toBeGreaterThanOrEqual(0);
  expect(removedForReal - removed).toBeLessThanOrEqual(CHUNK);
});
