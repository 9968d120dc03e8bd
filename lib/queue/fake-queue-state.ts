// The one switch dispatch() checks: while a fake queue is active, dispatches are
// recorded instead of pushed. Kept apart from fake-queue.ts so production code
// does not import the assertion helpers.
import type { PreparedDispatch } from "./job-data";
import type { JobDefinition } from "./types";

export interface FakeRecorder {
  record<P, I>(definition: JobDefinition<P, I>, prepared: PreparedDispatch<P>): string;
}

let active: FakeRecorder | undefined;

export function activeFakeQueue(): FakeRecorder | undefined {
  return active;
}

export function setActiveFakeQueue(recorder: FakeRecorder | undefined): void {
  active = recorder;
}
