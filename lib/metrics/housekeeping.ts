// The housekeeping jobs of the ops surface: the every-minute snapshot and trim, and
// counting the webhook deliveries Retell repeated (lib/retell/route-duplicates.ts).
// Every master may schedule them: BullMQ job schedulers are keyed by id, so
// two hosts upserting the same id keep ONE scheduler, which produces one job
// per period (id `repeat:<scheduler>:<millis>`) taken by one worker. The tasks
// are idempotent besides (minute claims, "remove what is past its cutoff").
import { Worker, type Job, type Queue } from "bullmq";
import { env } from "../env";
import { logger } from "../logger";
import { prisma } from "../db/client";
import { getQueue, runtimeRedis } from "../queue/queues";
import { collectRouteDuplicates } from "../retell/route-duplicates";
import { createRedis } from "../redis/connection";
import { takeSnapshot } from "./snapshots";
import { trimAll } from "./trim";

/** Not one of the app's queues: an app backlog must never delay a snapshot. */
export const HOUSEKEEPING_QUEUE = "housekeeping";

export interface HousekeepingTask {
  everyMs: number;
  run(now?: number): Promise<unknown>;
}

export const HOUSEKEEPING_TASKS = {
  "metrics.snapshot": { everyMs: 60_000, run: (now?: number) => takeSnapshot({ now }) },
  "ops.trim": { everyMs: 60_000, run: (now?: number) => trimAll({ now }) },
  // Every 15 s: the webhooks queue's event stream keeps ~10,000 entries, minutes at most under load.
  "webhooks.duplicates": { everyMs: 15_000, run: (now?: number) => collectRouteDuplicates(runtimeRedis(), prisma(), { now: now ? new Date(now) : undefined }) },
} satisfies Record<string, HousekeepingTask>;

export type HousekeepingTaskName = keyof typeof HOUSEKEEPING_TASKS;
const TASK_NAMES = Object.keys(HOUSEKEEPING_TASKS) as HousekeepingTaskName[];

export interface HousekeepingOptions {
  /** Which tasks to schedule. @defaultValue all */
  tasks?: HousekeepingTaskName[];
  /** Period overrides (tests run "minutes" of a second). */
  everyMs?: Partial<Record<HousekeepingTaskName, number>>;
  /** The clock a task run sees (tests warp time). @defaultValue Date.now */
  clock?: () => number;
  /** Called after each run (tests, logs). */
  onRun?: (name: HousekeepingTaskName, job: Job, result: unknown) => void | Promise<void>;
}

/** Upserts one scheduler per task; idempotent, so every master may call it at start. */
export async function scheduleHousekeeping(queue: Queue = getQueue(HOUSEKEEPING_QUEUE), options: HousekeepingOptions = {}): Promise<void> {
  for (const name of options.tasks ?? TASK_NAMES) {
    const every = options.everyMs?.[name] ?? HOUSEKEEPING_TASKS[name].everyMs;
    await queue.upsertJobScheduler(name, { every }, {
      name,
      data: {},
      // Keep a short history for the console; the trim task does not look at this queue.
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 1 },
    });
  }
}

/** The processor of the housekeeping queue: job name → task. */
export function housekeepingProcessor(options: HousekeepingOptions = {}) {
  return async (job: Job): Promise<unknown> => {
    const task = HOUSEKEEPING_TASKS[job.name as HousekeepingTaskName];
    if (!task) throw new Error(`Unknown housekeeping task "${job.name}"`);
    const result = await task.run(options.clock?.());
    await options.onRun?.(job.name as HousekeepingTaskName, job, result);
    return result;
  };
}

export interface Housekeeping {
  worker: Worker;
  close(): Promise<void>;
}

/** Schedules the tasks and starts this host's housekeeping worker (concurrency 1). */
export async function startHousekeeping(options: HousekeepingOptions = {}): Promise<Housekeeping> {
  await scheduleHousekeeping(getQueue(HOUSEKEEPING_QUEUE), options);
  const connection = createRedis({ blocking: true });
  const worker = new Worker(HOUSEKEEPING_QUEUE, housekeepingProcessor(options), {
    connection,
    prefix: env().REDIS_PREFIX,
    concurrency: 1,
  });
  worker.on("error", (error) => logger.error({ err: error }, "housekeeping worker error"));
  worker.on("failed", (job, error) => logger.warn({ err: error, task: job?.name }, "housekeeping task failed"));
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
