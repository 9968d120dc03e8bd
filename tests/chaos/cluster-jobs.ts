// A job for the Redis Cluster test (loaded by its workers through SWITCHYARD_JOB_MODULES):
// fails for good on its first attempt, so the failed list has something to show.
import { z } from "zod";
import { defineJob } from "@/lib/queue";

export const testClusterFail = defineJob({
  name: "test.cluster-fail",
  queue: "default",
  payload: z.object({ n: z.number().int() }),
  tries: 1,
  async handle(ctx) {
    throw new Error(`cluster failure ${ctx.payload.n}`);
  },
});
