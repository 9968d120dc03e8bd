// The processor's typed hooks: the metrics recorder and the supervisor subscribe
// here instead of patching the runtime.

export interface JobStartedEvent {
  queue: string;
  name: string;
  jobId: string;
  attempt: number;
  /** Epoch ms the attempt started. */
  startedAt: number;
  /** Epoch ms the attempt times out; past it (plus grace) a process still busy with it is stuck. */
  deadlineAt: number;
}

export type JobOutcome = "completed" | "failed" | "retrying" | "released";

export interface JobFinishedEvent {
  queue: string;
  name: string;
  jobId: string;
  attempt: number;
  /** Enqueued (or made ready again) → started, ms. */
  waitMs: number;
  /** Started → finished, ms. */
  runtimeMs: number;
  /** `failed` = for good; `retrying` = this attempt failed, another follows; `released` = put back without failing. */
  outcome: JobOutcome;
  error?: Error;
  failReason?: string;
  /** The job's tags as dispatch stored them (meta.tags); undefined for a job enqueued without them. */
  tags?: readonly string[];
  /** The stored payload (not a copy): the tag index keeps it for monitored tags. */
  payload?: unknown;
}

export interface JobStuckEvent {
  queue: string;
  name: string;
  jobId: string;
  attempt: number;
  startedAt: number;
  timeoutMs: number;
}

export interface ProcessorEvents {
  started: JobStartedEvent;
  finished: JobFinishedEvent;
  /** A timed-out handler ignored its signal and is still running after the grace period. */
  stuck: JobStuckEvent;
  /** A stuck handler finally settled. */
  unstuck: JobStuckEvent;
}

export type Listener<E> = (event: E) => void;

export class ProcessorEmitter {
  private readonly listeners: { [K in keyof ProcessorEvents]: Listener<ProcessorEvents[K]>[] } = {
    started: [], finished: [], stuck: [], unstuck: [],
  };

  on<K extends keyof ProcessorEvents>(event: K, listener: Listener<ProcessorEvents[K]>): () => void {
    this.listeners[event].push(listener);
    return () => {
      const list = this.listeners[event];
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  has<K extends keyof ProcessorEvents>(event: K): boolean {
    return this.listeners[event].length > 0;
  }

  /** A throwing listener must not fail the job it observes. */
  emit<K extends keyof ProcessorEvents>(event: K, payload: ProcessorEvents[K], onError: (e: unknown) => void): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(payload);
      } catch (error) {
        onError(error);
      }
    }
  }
}
