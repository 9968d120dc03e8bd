// The visible state of a chain: which step runs, which failed, each step's job id.
import type { ChainRun, ChainStep } from "../../db/generated/client";

export interface ChainStepSnapshot {
  index: number;
  name: string;
  queue: string;
  jobId: string;
  status: ChainStep["status"];
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface ChainSnapshot {
  id: string;
  name: string;
  status: ChainRun["status"];
  /** The step running (or next to run); equals the step count once completed. */
  currentStep: number;
  failedStep: number | null;
  error: string | null;
  catch: { handler: string; doneAt: string | null; error: string | null } | null;
  createdAt: string;
  finishedAt: string | null;
  steps: ChainStepSnapshot[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function chainSnapshot(run: ChainRun & { steps: ChainStep[] }): ChainSnapshot {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    currentStep: run.currentStep,
    failedStep: run.failedStep,
    error: run.error,
    catch: run.catchHandler ? { handler: run.catchHandler, doneAt: iso(run.catchDoneAt), error: run.catchError } : null,
    createdAt: run.createdAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    steps: [...run.steps]
      .sort((a, b) => a.index - b.index)
      .map((s) => ({
        index: s.index, name: s.jobName, queue: s.queue, jobId: s.jobId, status: s.status, attempts: s.attempts,
        startedAt: iso(s.startedAt), finishedAt: iso(s.finishedAt), error: s.error,
      })),
  };
}
