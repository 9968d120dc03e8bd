// The worker processes of one pool (Horizon's ProcessPool): started and stopped
// to match the count the balancer asks for, replaced when they leave (memory,
// stuck handler, crash — crashes with backoff), and killed when a job runs past
// its timeout without giving its slot back.
import type { Logger } from "@/lib/logger";
import { nextCrashCount, restartDelayMs, type RestartBackoff } from "@/lib/supervisor/restart-backoff";
import type { FromWorker, WorkerOptions } from "./ipc";
import { WorkerHandle } from "./worker-handle";

/** A worker process reports every second; this long without a word, its event loop is blocked. */
const SILENT_MS = 3_000;
/** Past timeout + grace by this much, even a process that still talks is killed. */
const HARD_OVERRUN_MS = 30_000;

export interface PoolOptions {
  /** Pool key: the queue, or `a,b` for a pool working several queues in order. */
  key: string;
  /** Queues its processes take jobs from, highest priority first. */
  fetches: string[];
  worker: Omit<WorkerOptions, "queues" | "paused">;
  timeoutGraceMs: number;
  restartBackoff: RestartBackoff;
  log: Logger;
  onJobFinished(queue: string, runtimeMs: number): void;
}

export class ProcessPool {
  private readonly active: WorkerHandle[] = [];
  private readonly terminating: WorkerHandle[] = [];
  /** Slots: processes this pool should have. */
  private target = 0;
  private paused = false;
  private crashes = 0;
  private nextStartAt = 0;
  private readonly log: Logger;

  constructor(private readonly options: PoolOptions) {
    this.log = options.log.child({ pool: options.key });
  }

  get key(): string {
    return this.options.key;
  }

  get fetches(): string[] {
    return this.options.fetches;
  }

  /** Slots: working processes, not counting ones finishing their last job before leaving. */
  processCount(): number {
    return this.target;
  }

  liveProcesses(): WorkerHandle[] {
    return [...this.active, ...this.terminating];
  }

  memoryMb(): number {
    return this.liveProcesses().reduce((sum, h) => sum + h.rssMb, 0);
  }

  scale(processes: number): void {
    const to = Math.max(0, Math.trunc(processes));
    this.target = to;
    // Horizon terminates the oldest first (array_slice from the start).
    while (this.active.length > to) this.retire(this.active.shift()!);
    this.fill();
  }

  pause(): void {
    this.paused = true;
    this.active.forEach((h) => h.send({ type: "pause" }));
  }

  continue(): void {
    this.paused = false;
    this.active.forEach((h) => h.send({ type: "continue" }));
  }

  /**
   * Takes `count` processes out of the pool for another pool to adopt (idle ones first, then
   * the oldest): a process boot costs seconds of CPU, a move costs one message.
   */
  release(count: number): WorkerHandle[] {
    const n = Math.min(count, this.target);
    this.target -= n;
    const chosen = [...this.active].sort((a, b) => Number(!!a.currentJob) - Number(!!b.currentJob) || a.startedAt - b.startedAt).slice(0, Math.min(n, this.active.length));
    for (const h of chosen) this.active.splice(this.active.indexOf(h), 1);
    return chosen;
  }

  /** Grows by `count`: adopts processes another pool released, starts new ones for the rest. */
  grow(count: number, spare: { handle: WorkerHandle; from: ProcessPool }[]): void {
    for (let i = 0; i < count; i++) {
      this.target++;
      const moved = spare.shift();
      if (moved) this.adopt(moved.handle, moved.from);
    }
    this.fill();
  }

  private adopt(handle: WorkerHandle, from: ProcessPool): void {
    handle.owner = { onMessage: (h, m) => this.onMessage(h, m), onExit: (h, code, signal) => this.onExit(h, code, signal) };
    handle.send({ type: "retarget", queues: this.options.fetches });
    handle.send({ type: this.paused ? "pause" : "continue" });
    this.active.push(handle);
    this.log.info({ workerPid: handle.pid, from: from.key }, `worker process ${handle.pid} moved from pool ${from.key} to ${this.key}`);
  }

  /** A released process nobody adopted: it finishes its job and leaves. */
  retire(handle: WorkerHandle): void {
    this.terminating.push(handle);
    handle.send({ type: "terminate" });
  }

  /** Fresh processes for every slot (deploys): the old ones finish their job and leave. */
  restart(): void {
    const count = this.target;
    this.scale(0);
    this.scale(count);
  }

  /** Graceful stop of every process; resolves when all have exited. */
  async terminate(): Promise<void> {
    this.scale(0);
    while (this.terminating.length) {
      this.monitor();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** One pass of the supervisor loop: kill overrunning jobs and hung leavers, refill slots. */
  monitor(now = Date.now()): void {
    for (const h of this.liveProcesses()) {
      const job = h.currentJob;
      const overdueMs = job ? now - job.deadlineAt - this.options.timeoutGraceMs : 0;
      // Past its timeout the runtime aborts the job itself, and frees the slot even if the handler
      // ignores the abort — as long as the event loop turns. Only a silent (blocked) process, or one
      // far past the deadline, is killed.
      if (job && overdueMs > 0 && (now - h.lastMessageAt > SILENT_MS || overdueMs > HARD_OVERRUN_MS)) {
        this.log.error({ workerPid: h.pid, jobId: job.jobId, job: job.name, queue: job.queue },
          `job ${job.jobId} (${job.name}) ran past its timeout and ignored the abort: killing worker process ${h.pid}; its slot gets a fresh process`);
        h.kill(`job ${job.jobId} past its timeout`);
      }
    }
    const hangLimitMs = this.options.worker.timeoutSec * 1000 + this.options.timeoutGraceMs;
    for (const h of this.terminating) {
      // Horizon's stopTerminatingProcessesThatAreHanging: a leaver gets `timeout` seconds.
      if (h.terminateRequestedAt && !h.currentJob && now - h.terminateRequestedAt > hangLimitMs) h.kill("did not exit after terminate");
    }
    this.fill(now);
  }

  private fill(now = Date.now()): void {
    if (now < this.nextStartAt) return;
    while (this.active.length < this.target) this.start();
  }

  private start(): void {
    const handle = new WorkerHandle(
      { ...this.options.worker, queues: this.options.fetches, paused: this.paused },
      { onMessage: (h, m) => this.onMessage(h, m), onExit: (h, code, signal) => this.onExit(h, code, signal) },
    );
    this.active.push(handle);
    this.log.debug({ workerPid: handle.pid }, "worker process started");
  }

  private onMessage(_handle: WorkerHandle, message: FromWorker): void {
    if (message.type === "job-finished") this.options.onJobFinished(message.queue, message.runtimeMs);
  }

  private onExit(handle: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    const leaving = this.terminating.indexOf(handle);
    if (leaving >= 0) {
      this.terminating.splice(leaving, 1);
      return;
    }
    const index = this.active.indexOf(handle);
    if (index < 0) return;
    this.active.splice(index, 1);
    const expected = handle.killedFor ?? (handle.leaving && handle.leaving.reason !== "error" ? `${handle.leaving.reason}${handle.leaving.detail ? `: ${handle.leaving.detail}` : ""}` : null);
    if (expected) {
      this.log.warn({ workerPid: handle.pid, reason: expected }, `worker process ${handle.pid} replaced (${expected})`);
    } else {
      this.crashes = nextCrashCount(this.crashes, Date.now() - handle.startedAt);
      const delay = restartDelayMs(this.crashes, this.options.restartBackoff);
      this.nextStartAt = Date.now() + delay;
      this.log.error({ workerPid: handle.pid, code, signal, crashes: this.crashes, restartInMs: delay, detail: handle.leaving?.detail },
        `worker process ${handle.pid} exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`);
    }
    this.fill();
  }
}
