// The cleans hand BullMQ the jobs with bookkeeping of their own (a flow's child,
// a deduplication key, a stale repeatable): its removeJob detaches and drops them.
import type { Queue } from "bullmq";

/** BullMQ's refusals carry its negative status code (finished-errors); anything else (Redis down) is not one. */
const isRefusal = (error: unknown) => typeof (error as { code?: unknown })?.code === "number";

/**
 * Whether the job is gone. BullMQ answers 0 for a locked (running) job and refuses a job
 * scheduler's next run: those stay, and the clean must not count them. Children are left
 * alone, as BullMQ's own clean leaves them.
 */
export async function removeThroughBullmq(queue: Queue, id: string): Promise<boolean> {
  try {
    return (await queue.remove(id, { removeChildren: false })) === 1;
  } catch (error) {
    if (isRefusal(error)) return false;
    throw error;
  }
}
