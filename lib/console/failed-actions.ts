// Retrying archived failures from the console: one row, or a bulk retry
// applied chunk by chunk (the screen asks for the next chunk when the previous
// one is done, shows a progress bar, and can stop between chunks). Each row
// goes through the runtime's retryFailed, so its claim in PostgreSQL makes a
// double click or two admins at once retry a row only once.
import "../jobs"; // registers today's job definitions: retried payloads are validated against them
import { nextRetryChunk, type FailedFilter } from "../db/queries/failed-jobs";
import { retryFailed } from "../queue/retry-failed";
import { StateConflict } from "./errors";
import type { RetryChunkResult } from "./types";
import { stoppedPartWay } from "./stopped-part-way";

export const RETRY_CHUNK = 50;

export async function retryOneFailed(uuid: string, retriedBy: string): Promise<{ jobId: string; queue: string }> {
  const result = await retryFailed({ uuid, retriedBy });
  const done = result.retried[0];
  if (done?.jobId) return { jobId: done.jobId, queue: done.queue };
  const reason = result.skipped[0]?.reason ?? "not_found";
  throw new StateConflict(`Not retried: ${reason.replace(/_/g, " ")}.`, { details: { reason } });
}

export async function retryFailedChunk(
  filter: FailedFilter,
  cursor: string | undefined,
  retriedBy: string,
  size = RETRY_CHUNK,
): Promise<RetryChunkResult> {
  const chunk = await nextRetryChunk(filter, cursor, size);
  let retried = 0;
  const skipped: { uuid: string; reason: string }[] = [];
  try {
    for (const uuid of chunk.uuids) {
      const result = await retryFailed({ uuid, retriedBy });
      if (result.retried.length) retried++;
      else skipped.push({ uuid, reason: result.skipped[0]?.reason ?? "not_found" });
    }
  } catch (error) {
    throw stoppedPartWay(error, "Retry", { retried, skipped: skipped.length });
  }
  return { retried, skipped, processed: chunk.uuids.length, nextCursor: chunk.nextCursor, done: chunk.nextCursor === null };
}
