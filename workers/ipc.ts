// Messages between the three process levels (master → supervisor → worker
// process), over Node's IPC channel. Parsed with zod on receipt: a child is
// our code, but a version skew during a deploy must not crash a parent.
import type { ChildProcess } from "node:child_process";
import { z } from "zod";
import { supervisorCommandSchema } from "@/lib/supervisor/commands";

/** Master → supervisor: the remote-control commands, forwarded. */
export const toSupervisorSchema = z.object({ type: z.literal("command"), command: supervisorCommandSchema });
export type ToSupervisor = z.infer<typeof toSupervisorSchema>;

/** Supervisor → master. */
export const fromSupervisorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("status"), status: z.enum(["running", "paused"]) }),
]);
export type FromSupervisor = z.infer<typeof fromSupervisorSchema>;

/** Supervisor → worker process. `retarget` moves a warm process to another pool (new queue list). */
export const toWorkerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["pause", "continue", "terminate"]) }),
  z.object({ type: z.literal("retarget"), queues: z.array(z.string()).min(1) }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker process → supervisor. */
export const fromWorkerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  z.object({
    type: z.literal("job-started"),
    queue: z.string(), jobId: z.string(), name: z.string(), deadlineAt: z.number(),
  }),
  z.object({
    type: z.literal("job-finished"),
    queue: z.string(), jobId: z.string(), runtimeMs: z.number(), outcome: z.string(),
  }),
  /** JS heap + off-heap buffers of the process, MB (what `memory` limits). */
  z.object({ type: z.literal("memory"), heapMb: z.number(), rssMb: z.number() }),
  /** Why the process is about to exit on its own. */
  z.object({ type: z.literal("exiting"), reason: z.enum(["memory", "stuck", "terminate", "orphaned", "error"]), detail: z.string().optional() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/** What a worker process needs to know, passed as its one argument (JSON). */
export const workerOptionsSchema = z.object({
  supervisor: z.string(),
  /** Queues in priority order: the first with a ready job gives the next job. */
  queues: z.array(z.string()).min(1),
  connection: z.string(),
  memoryMb: z.number().positive(),
  timeoutSec: z.number().positive(),
  nice: z.number().int(),
  lockDurationMs: z.number().int().positive(),
  stalledIntervalMs: z.number().int().positive(),
  idlePollMs: z.number().int().positive(),
  stuckGraceMs: z.number().int().positive(),
  paused: z.boolean(),
});
export type WorkerOptions = z.infer<typeof workerOptionsSchema>;

/** Sends over IPC if the channel is still open; a child that already exited is not an error. */
export function send(target: ChildProcess | NodeJS.Process, message: unknown): boolean {
  if (!target.connected || !target.send) return false;
  try {
    target.send(message as never);
    return true;
  } catch {
    return false;
  }
}
