// What an admin does to one job: retry (failed or completed → waiting),
// remove, promote (delayed → waiting now). BullMQ's own methods, after a state
// check that turns "wrong state" into a 409 the screen can explain.
import { isConnectivityError } from "../connectivity-error";
import { StateConflict } from "./errors";
import { claimRetryInPlace, releaseRetryClaim } from "../queue/failed-jobs";
import { getQueue } from "../queue/queues";
import { JobNotFound, loadJob } from "./job-detail";

/** BullMQ's script refusals (Job.retry/promote/remove) carry a negative numeric code; -1 is "no such job". */
const JOB_NOT_EXIST = -1;

/**
 * The job changed between our state check and BullMQ's own (another admin, a worker):
 * BullMQ refuses with a plain Error, which is a conflict — or a 404 when the job is gone
 * (promote says "not in the delayed state" for a job that no longer exists).
 */
async function refusal(queue: string, id: string, error: unknown, action: string): Promise<unknown> {
  if (isConnectivityError(error) || !(error instanceof Error)) return error;
  const gone = (error as { code?: unknown }).code === JOB_NOT_EXIST || !(await getQueue(queue).getJob(id));
  return gone ? new JobNotFound(queue, id) : new StateConflict(`Job ${id} could not be ${action}: ${error.message}`);
}

/** `archived`: the job's archived failures now marked retried (see claimRetryInPlace). */
export async function retryJob(queue: string, id: string, retriedBy: string): Promise<{ from: string; archived: number }> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state !== "failed" && state !== "completed") throw new StateConflict(`Only failed or completed jobs can be retried; job ${id} is ${state}.`);
  const claimed = await claimRetryInPlace(queue, id, retriedBy);
  try {
    await job.retry(state);
  } catch (error) {
    await releaseRetryClaim(claimed);
    throw await refusal(queue, id, error, "retried");
  }
  return { from: state, archived: claimed.length };
}

export async function removeJob(queue: string, id: string): Promise<{ from: string }> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state === "active") throw new StateConflict(`Job ${id} is running; wait for it to finish (or fail) before removing it.`);
  try {
    await job.remove();
  } catch (error) {
    throw await refusal(queue, id, error, "removed");
  }
  return { from: state };
}

export async function promoteJob(queue: string, id: string): Promise<void> {
  const job = await loadJob(queue, id);
  const state = await job.getState();
  if (state !== "delayed") throw new StateConflict(`Only delayed jobs can be promoted; job ${id} is ${state}.`);
  try {
    await job.promote();
  } catch (error) {
    throw await refusal(queue, id, error, "promoted");
  }
}
