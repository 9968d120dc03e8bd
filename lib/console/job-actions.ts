// What an admin does to one job: retry (failed or completed → waiting),
// remove, promote (delayed → waiting now). BullMQ's own methods, after a state
// check that turns "wrong state" into a 409 the screen can explain.
import { StateConflict } from "./errors";
import { loadJob } from "./job-detail";

export async function retryJob(queue: string, id: string): Promise<{ from: string }> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state !== "failed" && state !== "completed") throw new StateConflict(`Only failed or completed jobs can be retried; job ${id} is ${state}.`);
  await job.retry(state);
  return { from: state };
}

export async function removeJob(queue: string, id: string): Promise<{ from: string }> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state === "active") throw new StateConflict(`Job ${id} is running; wait for it to finish (or fail) before removing it.`);
  try {
    await job.remove();
  } catch (error) {
    throw new StateConflict(`Job ${id} could not be removed: ${(error as Error).message}`);
  }
  return { from: state };
}

export async function promoteJob(queue: string, id: string): Promise<void> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state !== "delayed") throw new StateConflict(`Only delayed jobs can be promoted; job ${id} is ${state}.`);
  await job.promote();
}
