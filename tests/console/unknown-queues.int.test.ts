// A viewer asking about a queue that does not exist must not create it: BullMQ's
// Queue constructor writes the queue's meta key, which is what makes a queue
// "exist" (and be discovered) for the console.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { consoleRedis } from "@/lib/console/redis";
import { resetQueueDiscovery } from "@/lib/console/queue-list";
import { GET as listQueues } from "@/app/api/queues/route";
import { GET as queueDetail } from "@/app/api/queues/[name]/route";
import { GET as listJobs } from "@/app/api/queues/[name]/jobs/route";
import { GET as cleanPreview } from "@/app/api/queues/[name]/clean/route";
import { GET as jobDetail } from "@/app/api/jobs/[queue]/[id]/route";
import { GET as jobPayload } from "@/app/api/jobs/[queue]/[id]/payload/route";
import { call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

let viewer: TestUser;

// BullMQ writes the meta key after its connection is ready, not in the constructor call itself.
const settle = () => new Promise((r) => setTimeout(r, 200));

const keysOf = async (queue: string) => (await consoleRedis().keys(`${env().REDIS_PREFIX}:${queue}:*`)).sort();

beforeAll(async () => {
  viewer = await createUser("VIEWER");
});

afterAll(closeConsoleTest);

describe("reads of a queue that does not exist", () => {
  it("GET /api/queues/:name is 404 every time and leaves no key behind", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await call(queueDetail, "GET", "/api/queues/phantom-1", { user: viewer, params: { name: "phantom-1" } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("queue_not_found");
      await settle();
    }
    expect(await keysOf("phantom-1")).toEqual([]);
    resetQueueDiscovery();
    const list = await call(listQueues, "GET", "/api/queues", { user: viewer });
    expect(list.body.queues.map((q: { name: string }) => q.name)).not.toContain("phantom-1");
  });

  it("the jobs list, clean preview, job detail and payload routes are 404 and write nothing", async () => {
    const name = "phantom-2";
    const reads = [
      () => call(listJobs, "GET", "/x", { user: viewer, params: { name }, query: { state: "waiting" } }),
      () => call(cleanPreview, "GET", "/x", { user: viewer, params: { name }, query: { state: "waiting" } }),
      () => call(jobDetail, "GET", "/x", { user: viewer, params: { queue: name, id: "1" } }),
      () => call(jobPayload, "GET", "/x", { user: viewer, params: { queue: name, id: "1" } }),
    ];
    for (const read of reads) {
      const res = await read();
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("queue_not_found");
      await settle();
    }
    expect(await keysOf(name)).toEqual([]);
  });
});
