// Runs the batch callbacks a claimer holds (the seed's then/catch/finally), in the
// seed's order, each marked done after it ran — renewing the claim's lease meanwhile,
// so the sweeper (callback-sweeper.ts) leaves a callback alone while it is running.
import { logger } from "../../logger";
import { batchCallbacks, parseCallback } from "./batch-callbacks";
import { readBatchState, type CallbackKind } from "./batch-store";
import { callbackLeaseMs, markCallbackDone, renewCallbackLease } from "./callback-leases";
import { snapshotOf } from "./progress";

/** `claimer` is who claimed them (the job id, take-back:…, cancel:…, sweep:…): the lease is renewed under that name. */
export async function runDueCallbacks(batchId: string, due: CallbackKind[], claimer: string): Promise<void> {
  const stored = await readBatchState(batchId);
  if (!stored) return;
  const batch = snapshotOf(stored.record);
  for (const kind of (["catch", "then", "finally"] as const).filter((k) => due.includes(k))) {
    const spec = parseCallback(stored.callbacks[kind]);
    const log = logger.child({ batchId, callback: kind, handler: spec?.name, claimer });
    let failure: string | null = null;
    const handler = spec ? batchCallbacks.get(spec.name) : undefined;
    if (!spec || !handler) {
      failure = `handler "${spec?.name ?? "?"}" is not registered in this process`;
      log.error(failure);
    } else {
      const stopRenewing = keepLease(batchId, kind, claimer, log);
      try {
        await handler({ batch, args: spec.args, error: kind === "catch" ? (stored.firstError ?? undefined) : undefined, logger: log });
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        log.error({ err: error }, "batch callback threw");
      } finally {
        stopRenewing();
      }
    }
    await markCallbackDone(batchId, kind, failure);
  }
}

/** Renews the lease every third of its length while the callback runs; returns the stop function. */
function keepLease(batchId: string, kind: CallbackKind, claimer: string, log: typeof logger): () => void {
  const timer = setInterval(() => {
    renewCallbackLease(batchId, kind, claimer).then(
      (held) => held || log.warn("lost the lease on a running batch callback (re-claimed after it ran out): it may run twice"),
      (error) => log.warn({ err: error }, "could not renew the lease on a running batch callback"),
    );
  }, Math.max(50, Math.floor(callbackLeaseMs() / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
