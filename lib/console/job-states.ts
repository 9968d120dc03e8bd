// Where each listed state lives in BullMQ's keys and in which order the console
// shows it. Pure.
import type { ListedState } from "./types";

export interface StateLayout {
  /** Key suffix under `<prefix>:<queue>:`. */
  key: string;
  /** list: index 0 first (newest for wait/active, BullMQ pushes on the left); zset-*: by score. */
  kind: "list" | "zset-asc" | "zset-desc";
}

export const STATE_LAYOUT: Record<ListedState, StateLayout> = {
  waiting: { key: "wait", kind: "list" },
  // BullMQ 6 keeps a paused queue's jobs in its wait list (pausing is a flag): the same list, shown
  // under "paused" while the queue is paused.
  paused: { key: "wait", kind: "list" },
  active: { key: "active", kind: "list" },
  // Next to run first.
  prioritized: { key: "prioritized", kind: "zset-asc" },
  delayed: { key: "delayed", kind: "zset-asc" },
  // Most recently finished first.
  completed: { key: "completed", kind: "zset-desc" },
  failed: { key: "failed", kind: "zset-desc" },
};

/** BullMQ's name for the state in clean() ("wait" for waiting and paused). */
export function bullState(state: ListedState): string {
  return state === "waiting" || state === "paused" ? "wait" : state;
}
