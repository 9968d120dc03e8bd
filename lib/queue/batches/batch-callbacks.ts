// then/catch/finally of a batch are NAMED handlers registered in code: a closure
// cannot be stored in Redis, and a name survives deploys and process restarts.
// createBatch() stores { name, args }; the worker that finishes the batch looks
// the name up here, so the workers must import the module that defines it.
import type { Logger } from "../../logger";
import type { BatchSnapshot } from "./progress";

export type CallbackRef = string | { name: string; args?: unknown };

export interface BatchCallbackContext {
  batch: BatchSnapshot;
  /** The args given with the callback's name in createBatch(). */
  args: unknown;
  /** For `catch`: the batch's first failure. */
  error?: { jobId: string; message: string; at: number };
  logger: Logger;
}

export type BatchCallback = (ctx: BatchCallbackContext) => Promise<void> | void;

const store = globalThis as unknown as { switchyardBatchCallbacks?: Map<string, BatchCallback> };
const handlers = (store.switchyardBatchCallbacks ??= new Map<string, BatchCallback>());

const NAME = /^[\w.:-]{1,200}$/;

/** Registers a handler; returns its name to pass as `then`/`catch`/`finally`. */
export function defineBatchCallback(name: string, handler: BatchCallback): string {
  if (!NAME.test(name)) throw new Error(`defineBatchCallback(${JSON.stringify(name)}): letters, digits, _ . : - only`);
  handlers.set(name, handler);
  return name;
}

export const batchCallbacks = {
  get: (name: string) => handlers.get(name),
  has: (name: string) => handlers.has(name),
  names: () => [...handlers.keys()].sort(),
  /** Tests only. */
  unregister: (name: string) => handlers.delete(name),
};

/** The stored form of a ref (JSON), after checking the handler exists in this process. */
export function serializeCallback(ref: CallbackRef | undefined, kind: string): string | undefined {
  if (ref === undefined) return undefined;
  const spec = typeof ref === "string" ? { name: ref } : ref;
  if (!batchCallbacks.has(spec.name)) {
    throw new Error(`Batch ${kind} callback "${spec.name}" is not registered (defineBatchCallback) in this process`);
  }
  return JSON.stringify(spec.args === undefined ? { name: spec.name } : { name: spec.name, args: spec.args });
}

export function parseCallback(stored: string | undefined): { name: string; args?: unknown } | null {
  if (!stored) return null;
  try {
    const spec = JSON.parse(stored) as { name?: unknown; args?: unknown };
    return typeof spec.name === "string" ? { name: spec.name, args: spec.args } : null;
  } catch {
    return null;
  }
}
