// The job loop of one worker process: one job at a time, taken from the first
// of its queues (in priority order) that has one ready — Laravel's worker loop,
// which BullMQ's Worker does not offer across queues. Built on BullMQ's public
// manual-processing API: getNextJob(block: false) + processJob(), with the job
// lock renewed by us while the job runs.
import type { Job } from "bullmq";
import type { QueueWorker } from "@/lib/queue";
import type { Logger } from "@/lib/logger";

export interface JobLoopOptions {
  lockDurationMs: number;
  /** Longest idle wait between polls; polls start fast and back off to this. */
  idlePollMs: number;
  paused: boolean;
  /** Checked between jobs: a reason makes the loop end after the current job (memory, stuck handler). */
  exitReason: () => string | null;
}

/** A promise that resolves on wake() or after `ms`, whichever comes first. */
class Wakeup {
  private resolve: (() => void) | null = null;
  wait(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.fire(), ms);
      this.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  fire(): void {
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }
}

export class JobLoop {
  private paused: boolean;
  private stopping = false;
  /** Queues to switch to before the next fetch (the process moved to another pool). */
  private pendingSources: QueueWorker[] | null = null;
  private readonly wakeup = new Wakeup();
  private tokens = 0;

  constructor(
    /** One BullMQ worker per queue, highest priority first. */
    private sources: QueueWorker[],
    private readonly options: JobLoopOptions,
    private readonly log: Logger,
  ) {
    this.paused = options.paused;
  }

  pause(): void {
    this.paused = true;
  }

  continue(): void {
    this.paused = false;
    this.wakeup.fire();
  }

  /** Work these queues from the next job on (the current job finishes first). */
  retarget(sources: QueueWorker[]): void {
    this.pendingSources = sources;
    this.wakeup.fire();
  }

  /** Finish the current job (if any) and return from run(). */
  stop(): void {
    this.stopping = true;
    this.wakeup.fire();
  }

  /** Runs until stop() or an exit reason; resolves with that reason. */
  async run(): Promise<string> {
    let idleMs = 5;
    while (!this.stopping) {
      const reason = this.options.exitReason();
      if (reason) return reason;
      if (this.pendingSources) {
        this.sources = this.pendingSources;
        this.pendingSources = null;
      }
      if (this.paused) {
        await this.wakeup.wait();
        continue;
      }
      const found = await this.fetch();
      if (!found) {
        await this.wakeup.wait(idleMs);
        idleMs = Math.min(idleMs * 2, this.options.idlePollMs);
        continue;
      }
      idleMs = 5;
      await this.work(found.worker, found.job);
    }
    return "terminate";
  }

  /** The first ready job of the queues, in order. */
  private async fetch(): Promise<{ worker: QueueWorker; job: Job } | null> {
    for (const worker of this.sources) {
      const job = await worker.getNextJob(`${worker.id}:${this.tokens++}`, { block: false });
      if (job) return { worker, job };
    }
    return null;
  }

  /**
   * Runs a job. For a job of the first (highest-priority) queue BullMQ may hand over the next
   * job of that queue in the same round trip (fetchNext) — the order stays right, as that queue
   * is the one we would ask first anyway — unless something asks us to stop, pause or move.
   */
  private async work(worker: QueueWorker, first: Job): Promise<void> {
    let job: Job | undefined = first;
    while (job) {
      const token = job.token!;
      const keeper = this.keepLock(job, token);
      let next: Job | void;
      try {
        next = await worker.processJob(job, token, () => worker === this.sources[0] && this.mayContinue());
      } finally {
        clearInterval(keeper);
      }
      job = next || undefined;
    }
  }

  private mayContinue(): boolean {
    return !this.stopping && !this.paused && !this.pendingSources && this.options.exitReason() === null;
  }

  /** BullMQ's own lock renewal runs only inside Worker.run(); ours renews at half the lock. */
  private keepLock(job: Job, token: string): ReturnType<typeof setInterval> {
    return setInterval(() => {
      job.extendLock(token, this.options.lockDurationMs).catch((error: unknown) => {
        this.log.warn({ err: error, jobId: job.id }, "could not renew the job lock");
      });
    }, Math.max(500, Math.floor(this.options.lockDurationMs / 2)));
  }
}
