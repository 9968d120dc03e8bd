// Test helper: fails jobs the way a worker that died mid-way leaves them — failed in BullMQ
// by a plain BullMQ worker, with no archive row, no mark and nothing counted by a batch.
import { UnrecoverableError, Worker } from "bullmq";
import { env } from "../../env";
import { createRedis } from "../../redis/connection";
import { getQueue } from "../queues";
import { waitFor } from "../test-support";

/** Takes the queue's waiting jobs and fails them until `count` are failed, then stops. */
export async function failWithoutTheRuntime(queue: string, count: number): Promise<void> {
  const connection = createRedis({ blocking: true });
  const bare = new Worker(queue, async () => {
    throw new UnrecoverableError("job stalled more than allowable limit");
  }, { connection, prefix: env().REDIS_PREFIX });
  try {
    await waitFor(async () => (await getQueue(queue).getFailedCount()) === count);
  } finally {
    await bare.close();
    connection.disconnect();
  }
}
