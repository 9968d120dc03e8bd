// Flushing archived failures from the console: exactly the rows the admin was
// shown. The count is checked against the confirmed one, and the audit row is
// written, in one transaction with the first chunk of deletes: there is an audit
// row if and only if rows began to go. The rest goes in short chunks after it.
import { recordAudit } from "../audit/record-audit";
import type { ConsoleUser } from "../auth/users";
import { prisma } from "../db/client";
import { deleteFlushChunk, deleteInChunks, FLUSH_CHUNK, flushWhere, type FlushOptions } from "../queue/failed-jobs";
import { StateConflict } from "./errors";

export class FlushCountChanged extends StateConflict {
  override readonly code = "flush_count_changed";
}

export async function flushConfirmed(user: ConsoleUser, options: FlushOptions, expected: number): Promise<{ deleted: number }> {
  if (expected === 0) throw new StateConflict("Nothing to flush: the confirmation was for 0 rows.");
  const where = flushWhere(options);
  const first = await prisma().$transaction(async (tx) => {
    const matching = await tx.failedJob.count({ where });
    if (matching !== expected) {
      throw new FlushCountChanged(`${matching} rows match now, not the ${expected} you confirmed; review the count and confirm again.`, {
        details: { matching, expected },
      });
    }
    const deleted = await deleteFlushChunk(where, Math.min(FLUSH_CHUNK, expected), tx);
    await recordAudit(user, {
      action: "failed-job.flush",
      target: options.queue ? `failed-jobs:queue:${options.queue}` : "failed-jobs:all",
      details: { ...options, expected },
    }, tx);
    return deleted;
  });
  // Never more than confirmed, whatever arrives meanwhile.
  return { deleted: first + (await deleteInChunks(where, expected - first)) };
}
