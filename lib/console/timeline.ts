// A job's life as steps with durations: created → (delayed) → waited → ran →
// completed/failed. Pure: BullMQ's timestamps in, steps out. BullMQ keeps only
// the start of the latest attempt (processedOn), so "waited" spans every earlier
// attempt and backoff too; the attempts count says how many there were.
import type { TimelineStep } from "./types";

export interface TimelineFacts {
  /** When the job was added (ms). */
  timestamp: number | null;
  /** Delay asked for at add (ms). */
  delay: number;
  processedOn: number | null;
  finishedOn: number | null;
  /** BullMQ state: completed, failed, active, waiting, delayed, prioritized, waiting-children, unknown. */
  state: string;
}

export function jobTimeline(f: TimelineFacts): TimelineStep[] {
  const steps: TimelineStep[] = [];
  if (f.timestamp === null) return steps;
  steps.push({ step: "created", at: f.timestamp, durationMs: 0 });
  const readyAt = f.timestamp + Math.max(0, f.delay);
  if (f.delay > 0) {
    const delayEnd = f.processedOn ?? (f.state === "delayed" ? null : readyAt);
    steps.push({ step: "delayed", at: f.timestamp, durationMs: delayEnd === null ? null : Math.max(0, Math.min(delayEnd, readyAt) - f.timestamp) });
  }
  if (f.processedOn === null) {
    if (f.state !== "delayed") steps.push({ step: "waiting", at: readyAt, durationMs: null });
    return steps;
  }
  steps.push({ step: "waited", at: readyAt, durationMs: Math.max(0, f.processedOn - readyAt) });
  if (f.finishedOn === null || f.finishedOn < f.processedOn) {
    steps.push({ step: "running", at: f.processedOn, durationMs: null });
    return steps;
  }
  steps.push({ step: "ran", at: f.processedOn, durationMs: f.finishedOn - f.processedOn });
  steps.push({ step: f.state === "failed" ? "failed" : "completed", at: f.finishedOn, durationMs: null });
  return steps;
}
