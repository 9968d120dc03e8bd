// How a chain step is marked in its job's meta: `meta.chain = { id, step }`.
import type { JobMeta } from "../types";

export interface ChainMeta {
  id: string;
  /** 0-based step index. */
  step: number;
}

export function chainMetaOf(meta: Partial<JobMeta> | undefined): ChainMeta | null {
  const raw = (meta as { chain?: unknown } | undefined)?.chain;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const { id, step } = raw as { id?: unknown; step?: unknown };
  return typeof id === "string" && typeof step === "number" && Number.isInteger(step) ? { id, step } : null;
}

/** The meta patch for dispatch(); cast because JobMeta types `chain` loosely. */
export function chainMetaPatch(id: string, step: number): Partial<JobMeta> {
  return { chain: { id, step } } as unknown as Partial<JobMeta>;
}

/** BullMQ job id of a step: deterministic, so a repeated hand-off cannot enqueue it twice. */
export function stepJobId(chainId: string, step: number): string {
  return `chain-${chainId}-${step}`;
}
