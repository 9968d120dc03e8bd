// The body of one worker process (Horizon's `horizon:work` child), loaded by
// worker-process.ts: a BullMQ worker per queue of its pool, working one job at a
// time in queue order. It leaves on its own after a job when it is over its
// `memory` limit or holds a handler that ignored its timeout, so its supervisor
// can start a fresh one in its slot.
import { setPriority } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { config } from "@/lib/config";
import { flushRecordings, recordFinishedEvent, setFlushInterval } from "@/lib/metrics/record-job";
import { closeMetricsRedis } from "@/lib/metrics/redis";
import { closeQueues, createJobProcessor, createQueueWorker, failureAlerts, type QueueWorker } from "@/lib/queue";
import { drainBatchRecords, startBatchCallbackSweeper } from "@/lib/queue/batches";
import { startFailureSweeper } from "@/lib/queue/failure-sweeper";
import type { ControlInbox } from "./control-inbox";
import { fromWorkerSchema, send, toWorkerSchema, workerOptionsSchema, type FromWorker } from "./ipc";
import { JobLoop } from "./job-loop";

const tell = (message: FromWorker) => send(process, fromWorkerSchema.parse(message));
const MB = 1024 * 1024;

/** What `memory` limits: the JS heap plus off-heap buffers — like PHP's memory_get_usage, the part a job can grow. */
function memory(): { heapMb: number; rssMb: number } {
  const m = process.memoryUsage();
  return { heapMb: Math.round(((m.heapUsed + m.external) / MB) * 10) / 10, rssMb: Math.round((m.rss / MB) * 10) / 10 };
}

/**
 * Memory in use after collecting garbage, when the quick reading is over the limit:
 * `heapUsed` counts garbage until V8's next major GC, so a busy worker would read
 * "over" every minute or two and be replaced for nothing (seen in the 10-minute soak,
 * docs/RELIABILITY.md). Worker processes run with --expose-gc (fork-ts.ts) for this;
 * the full collection runs only when the cheap reading is already over the limit.
 */
export function liveMemoryMb(limitMb: number, read = memory, collect = (globalThis as { gc?: () => void }).gc): number {
  const quick = read().heapMb;
  if (quick <= limitMb || !collect) return quick;
  collect();
  return read().heapMb;
}

async function loadJobs(): Promise<void> {
  await import("@/lib/jobs");
  for (const modulePath of (env().SWITCHYARD_JOB_MODULES ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    await import(pathToFileURL(path.resolve(modulePath)).href);
  }
}

export async function runWorker(rawOptions: unknown, inbox: ControlInbox): Promise<void> {
  const options = workerOptionsSchema.parse(rawOptions);
  const log = logger.child({ supervisor: options.supervisor, queues: options.queues.join(","), role: "worker" });
  try {
    await work(options, inbox, log);
  } catch (error) {
    log.fatal({ err: error }, "worker process failed");
    tell({ type: "exiting", reason: "error", detail: String((error as Error)?.message ?? error) });
    process.exit(1);
  }
  process.exit(0);
}

async function work(options: ReturnType<typeof workerOptionsSchema.parse>, inbox: ControlInbox, log: typeof logger): Promise<void> {
  if (inbox.stopping) return;
  if (options.nice !== 0) {
    try {
      setPriority(options.nice);
    } catch (error) {
      log.warn({ err: error, nice: options.nice }, "could not set the process priority (a negative nice needs privileges)");
    }
  }
  await loadJobs();
  // Batch callbacks whose claimer died before finishing them run again here (lib/queue/batches/callback-sweeper.ts).
  const callbackSweeper = startBatchCallbackSweeper(log);
  const processor = createJobProcessor({
    defaultTimeoutSec: options.timeoutSec,
    stuckGraceMs: options.stuckGraceMs,
    onJobStarted: (e) => tell({ type: "job-started", queue: e.queue, jobId: e.jobId, name: e.name, deadlineAt: e.deadlineAt }),
    onJobFinished: (e) => tell({ type: "job-finished", queue: e.queue, jobId: e.jobId, runtimeMs: e.runtimeMs, outcome: e.outcome }),
  });
  // Job metrics and tag indexes (lib/metrics), buffered: written at most metricsFlushMs later, and at exit.
  setFlushInterval(config().horizon.workers.metricsFlushMs);
  processor.on("finished", recordFinishedEvent);
  // One BullMQ worker per queue this process has worked; a move to another pool may add some.
  const byQueue = new Map<string, QueueWorker>();
  const workersFor = async (queues: string[]): Promise<QueueWorker[]> => {
    for (const queue of queues) {
      if (byQueue.has(queue)) continue;
      const worker = createQueueWorker(queue, {
        processor,
        autorun: false,
        connectionName: options.connection,
        lockDurationMs: options.lockDurationMs,
        stalledIntervalMs: options.stalledIntervalMs,
        name: `${options.supervisor}:${process.pid}`,
      });
      byQueue.set(queue, worker);
      await worker.waitUntilReady();
      // Stalled-job recovery runs in every process (BullMQ takes a lock so one check runs per interval).
      await worker.startStalledCheckTimer();
    }
    return queues.map((q) => byQueue.get(q)!);
  };
  const workers = await workersFor(options.queues);
  // Failures nobody archived (a worker killed mid-way, PostgreSQL down) are archived here (lib/queue/failure-sweeper.ts).
  const { everySeconds, graceSeconds } = config().horizon.workers.failureSweep;
  const failureSweeper = startFailureSweeper(() => [...byQueue.keys()], log, { intervalMs: everySeconds * 1000, graceMs: graceSeconds * 1000 });

  let exitDetail = "";
  const loop = new JobLoop(workers, {
    lockDurationMs: options.lockDurationMs,
    idlePollMs: options.idlePollMs,
    paused: inbox.paused,
    exitReason: () => {
      const heapMb = liveMemoryMb(options.memoryMb);
      if (heapMb > options.memoryMb) {
        exitDetail = `${heapMb} MB used, limit ${options.memoryMb} MB`;
        return "memory";
      }
      const stuck = processor.stuck();
      if (stuck.length) {
        exitDetail = `job ${stuck[0].jobId} (${stuck[0].name}) ignored its timeout and is still running`;
        return "stuck";
      }
      return null;
    },
  }, log);

  inbox.on((event) => {
    if (event === "pause") loop.pause();
    else if (event === "continue") loop.continue();
    else loop.stop();
  });
  if (inbox.stopping) loop.stop();
  inbox.consume((raw) => {
    const parsed = toWorkerSchema.safeParse(raw);
    if (parsed.success && parsed.data.type === "retarget") {
      const queues = parsed.data.queues;
      workersFor(queues).then((sources) => loop.retarget(sources), (error) => log.error({ err: error, queues }, "could not switch queues"));
    }
  });
  const memoryReport = setInterval(() => tell({ type: "memory", ...memory() }), 1_000);

  log.info({ pid: process.pid }, `worker process ${process.pid} ready`);
  tell({ type: "ready" });
  tell({ type: "memory", ...memory() });
  const reason = await loop.run();
  clearInterval(memoryReport);
  const why = inbox.stopping === "orphaned" ? "orphaned" : (reason as "memory" | "stuck" | "terminate");
  if (why !== "terminate") log.warn({ reason: why, detail: exitDetail || undefined }, `worker process leaving: ${why}${exitDetail ? ` (${exitDetail})` : ""}`);
  tell({ type: "exiting", reason: why, detail: exitDetail || undefined });
  await Promise.allSettled([...byQueue.values()].map((w) => w.close()));
  await callbackSweeper.stop();
  await failureSweeper.stop();
  await failureAlerts().close(); // a window this process holds goes to the next failure or sweep
  await drainBatchRecords(); // the background part of the last batch records (callbacks, PostgreSQL copy)
  // After the workers closed (their last jobs are recorded by then): what is still buffered would
  // otherwise die with process.exit(), up to metricsFlushMs of measurements and tag entries.
  await flushRecordings();
  await Promise.allSettled([closeMetricsRedis(), closeQueues()]);
}

