// The Prometheus batch gauge's source: batches of this deployment by state, in one query.
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { prisma } from "../db/client";
import { env } from "../env";
import { countBatches } from "./batch-counts";

const ids: string[] = [];

afterAll(async () => {
  await prisma().batch.deleteMany({ where: { id: { in: ids } } });
});

describe("countBatches", () => {
  it("counts pending, finished, failed and cancelled batches of this prefix only", async () => {
    const prefix = env().REDIS_PREFIX;
    const at = new Date();
    const row = (state: Partial<{ finishedAt: Date; cancelledAt: Date; failedJobs: number }>, rowPrefix = prefix) => {
      const id = randomUUID();
      ids.push(id);
      return { id, prefix: rowPrefix, name: "count-probe", queue: "default", connection: "redis", createdAt: at, ...state };
    };
    await prisma().batch.createMany({
      data: [
        row({}), row({}),
        row({ finishedAt: at }), row({ finishedAt: at }), row({ finishedAt: at }),
        row({ finishedAt: at, failedJobs: 2 }),
        row({ cancelledAt: at }), row({ cancelledAt: at, finishedAt: at, failedJobs: 1 }),
        row({}, `${prefix}-other`),
      ],
    });
    expect(await countBatches()).toEqual({ pending: 2, finished: 3, failed: 1, cancelled: 2 });
  });
});
