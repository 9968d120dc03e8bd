// Recovers batch callbacks whose claimer died between claiming and finishing them
// (callback-leases.ts): a claim whose lease ran out is taken over — atomically, so one
// sweeper gets it — and run here. Runs in every worker process (they register the
// callbacks' handlers); a callback whose handler this process does not know is left
// for a process that does.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { logger, type Logger } from "../../logger";
import { batchCallbacks, parseCallback } from "./batch-callbacks";
import { persistBatchQuietly } from "./batch-history";
import { parseLeaseMember } from "./batch-keys";
import { CALLBACK_KINDS, readBatchState, type CallbackKind } from "./batch-store";
import { expiredLeases, reclaimCallback } from "./callback-leases";
import { startSweepTimer, type SweepTimer } from "../sweep-timer";
import { runDueCallbacks } from "./run-callbacks";

export interface SweepResult {
  /** Callbacks this pass took over and ran. */
  ran: { batchId: string; kind: CallbackKind; claimer: string }[];
  /** Expired leases left alone: their handler is not registered in this process. */
  leftForOthers: number;
}

const isKind = (kind: string): kind is CallbackKind => (CALLBACK_KINDS as readonly string[]).includes(kind);

/** One pass: every callback whose lease ran out by `now` and whose handler this process has. */
export async function sweepBatchCallbacks(now = Date.now(), log: Logger = logger): Promise<SweepResult> {
  const result: SweepResult = { ran: [], leftForOthers: 0 };
  for (const member of await expiredLeases(now)) {
    const lease = parseLeaseMember(member);
    if (!lease || !isKind(lease.kind)) continue;
    const { id: batchId, kind } = lease;
    const stored = await readBatchState(batchId);
    const spec = stored ? parseCallback(stored.callbacks[kind]) : null;
    if (spec && !batchCallbacks.has(spec.name)) {
      result.leftForOthers++;
      continue;
    }
    // A missing batch or a callback done meanwhile: the reclaim drops the lease (-1).
    const claimer = `sweep:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    if ((await reclaimCallback(batchId, kind, claimer, now)) !== 1) continue;
    log.warn({ batchId, callback: kind, previousClaimer: stored?.claims[kind]?.jobId, claimer }, "batch callback left unfinished by its claimer; running it now");
    await runDueCallbacks(batchId, [kind], claimer);
    await persistBatchQuietly(batchId);
    result.ran.push({ batchId, kind, claimer });
  }
  return result;
}

export type CallbackSweeper = SweepTimer;

/**
 * Sweeps every `intervalMs` (jittered, so the worker processes do not all sweep at once);
 * a failed pass is logged and the next one tries again.
 * @param intervalMs @defaultValue 15000
 */
export function startBatchCallbackSweeper(log: Logger = logger, intervalMs = 15_000): CallbackSweeper {
  return startSweepTimer(() => sweepBatchCallbacks(Date.now(), log), intervalMs, log, "batch callback sweep");
}
