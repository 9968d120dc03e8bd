// A chain's `catch` is a NAMED handler registered in code, like batch callbacks:
// the chain is stored in PostgreSQL and finished by whichever worker runs its
// failing step, so a closure could not travel with it.
import type { Logger } from "../../logger";
import type { ChainSnapshot } from "./chain-snapshot";

export interface ChainCatchContext {
  chain: ChainSnapshot;
  /** The step that failed for good. */
  step: { index: number; name: string; jobId: string };
  error: { name: string; message: string };
  /** The args given with the handler's name in chain(…, { catch }). */
  args: unknown;
  logger: Logger;
}

export type ChainCatch = (ctx: ChainCatchContext) => Promise<void> | void;
export type ChainCatchRef = string | { name: string; args?: unknown };

const store = globalThis as unknown as { switchyardChainCatches?: Map<string, ChainCatch> };
const handlers = (store.switchyardChainCatches ??= new Map<string, ChainCatch>());

/** Registers a catch handler; returns its name to pass as `catch`. */
export function defineChainCatch(name: string, handler: ChainCatch): string {
  if (!/^[\w.:-]{1,200}$/.test(name)) throw new Error(`defineChainCatch(${JSON.stringify(name)}): letters, digits, _ . : - only`);
  handlers.set(name, handler);
  return name;
}

export const chainCatches = {
  get: (name: string) => handlers.get(name),
  has: (name: string) => handlers.has(name),
  unregister: (name: string) => handlers.delete(name),
};
