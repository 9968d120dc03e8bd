// The supervisor's view of one worker process: what it is running, how much
// memory it reports and why it left. Horizon's WorkerProcess.
import type { ChildProcess } from "node:child_process";
import { forkTs } from "./fork-ts";
import { fromWorkerSchema, send, type FromWorker, type ToWorker, type WorkerOptions } from "./ipc";

export type LeaveReason = FromWorker extends infer M ? (M extends { type: "exiting"; reason: infer R } ? R : never) : never;

export interface WorkerHandleEvents {
  onMessage(handle: WorkerHandle, message: FromWorker): void;
  onExit(handle: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void;
}

export class WorkerHandle {
  readonly child: ChildProcess;
  readonly startedAt = Date.now();
  currentJob: { jobId: string; name: string; queue: string; deadlineAt: number } | null = null;
  heapMb = 0;
  rssMb = 0;
  /** Set when the process told us why it is leaving. */
  leaving: { reason: LeaveReason; detail?: string } | null = null;
  /** Set when we killed it (a job past its timeout, or a terminating process that hung). */
  killedFor: string | null = null;
  terminateRequestedAt: number | null = null;
  /** Any message proves the process's event loop turns (it reports memory every second). */
  lastMessageAt = Date.now();
  exited = false;

  /** The pool it works for; a process moved to another pool changes owner. */
  owner: WorkerHandleEvents;

  constructor(options: WorkerOptions, events: WorkerHandleEvents) {
    this.owner = events;
    this.child = forkTs("worker-process.ts", [JSON.stringify(options)]);
    this.child.on("message", (raw) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      this.lastMessageAt = Date.now();
      if (message.type === "job-started") this.currentJob = { jobId: message.jobId, name: message.name, queue: message.queue, deadlineAt: message.deadlineAt };
      else if (message.type === "job-finished" && this.currentJob?.jobId === message.jobId) this.currentJob = null;
      else if (message.type === "memory") ({ heapMb: this.heapMb, rssMb: this.rssMb } = message);
      else if (message.type === "exiting") this.leaving = { reason: message.reason, detail: message.detail };
      this.owner.onMessage(this, message);
    });
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      this.owner.onExit(this, code, signal);
    });
    this.child.on("error", () => {}); // a failed send/kill on a dead child is reported by "exit"
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: ToWorker): void {
    if (message.type === "terminate") this.terminateRequestedAt ??= Date.now();
    send(this.child, message);
  }

  kill(reason: string): void {
    if (this.exited) return;
    this.killedFor ??= reason;
    this.child.kill("SIGKILL");
  }
}
