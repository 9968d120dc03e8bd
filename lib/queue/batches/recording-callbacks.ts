// Test support: then/catch/finally handlers that only note which of them ran, per batch.
import { uniqueName } from "../test-support";
import { defineBatchCallback, type BatchCallbackContext } from "./index";

export function recordingCallbacks(prefix: string) {
  const calls = new Map<string, string[]>();
  const record = (kind: string) => (ctx: BatchCallbackContext) => {
    calls.set(ctx.batch.id, [...(calls.get(ctx.batch.id) ?? []), kind]);
  };
  return {
    callbacks: {
      then: defineBatchCallback(uniqueName(`${prefix}.then`), record("then")),
      catch: defineBatchCallback(uniqueName(`${prefix}.catch`), record("catch")),
      finally: defineBatchCallback(uniqueName(`${prefix}.finally`), record("finally")),
    },
    /** The kinds that ran for the batch, sorted. */
    kindsOf: (id: string) => [...(calls.get(id) ?? [])].sort(),
  };
}
