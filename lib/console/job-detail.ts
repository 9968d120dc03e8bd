// One job as the Job detail screen shows it, and the payload on its own for
// "load all". The payload is cut to a budget (lib/console/json-node.ts) so a
// 5 MB payload costs the browser a preview until someone asks for all of it.
import type { Job } from "bullmq";
import { prisma } from "../db/client";
import { env } from "../env";
import { NotFound } from "../http/app-error";
import { getQueue } from "../queue/queues";
import { assertQueue } from "./known-queue";
import { jsonBytes, toJsonNode } from "./json-node";
import { jobTimeline } from "./timeline";
import type { JobDetail } from "./types";

export class JobNotFound extends NotFound {
  override readonly code = "job_not_found";
  constructor(queue: string, id: string) {
    super(`No job ${id} in queue ${queue} (it may have been removed or trimmed).`);
  }
}

const LOG_LINES = 200;

export async function loadJob(queueName: string, id: string): Promise<Job> {
  await assertQueue(queueName);
  const job = await getQueue(queueName).getJob(id);
  if (!job) throw new JobNotFound(queueName, id);
  return job;
}

function dataOf(job: Job): { payload: unknown; meta: Record<string, unknown> } {
  const data = (job.data ?? {}) as { payload?: unknown; meta?: Record<string, unknown> };
  // Jobs not enqueued by the runtime (other apps on the prefix) have no envelope: show their data whole.
  if (data && typeof data === "object" && "payload" in data) return { payload: data.payload, meta: data.meta ?? {} };
  return { payload: job.data, meta: {} };
}

/** `<prefix>:<queue>` → queue (BullMQ keeps the parent's qualified name). */
export function queueFromQualified(queueKey: string, prefix: string): string {
  return queueKey.startsWith(`${prefix}:`) ? queueKey.slice(prefix.length + 1) : queueKey.split(":").at(-1) ?? queueKey;
}

export async function jobDetail(queueName: string, id: string): Promise<JobDetail> {
  const job = await loadJob(queueName, id);
  const queue = getQueue(queueName);
  const prefix = env().REDIS_PREFIX;
  const [state, logs, deps, archived] = await Promise.all([
    job.getState(),
    queue.getJobLogs(id, 0, LOG_LINES - 1, false),
    job.getDependenciesCount(),
    prisma().failedJob.findFirst({ where: { prefix, queue: queueName, jobId: id }, orderBy: { failedAt: "desc" }, select: { uuid: true } }),
  ]);
  const { payload, meta } = dataOf(job);
  const preview = toJsonNode(payload);
  const returned = job.returnvalue === undefined || job.returnvalue === null ? null : toJsonNode(job.returnvalue).node;
  const opts = { ...(job.opts as Record<string, unknown>) };
  return {
    id,
    queue: queueName,
    name: job.name,
    state,
    payload: preview.node,
    payloadBytes: jsonBytes(payload),
    payloadTruncated: preview.truncated,
    meta,
    opts,
    attemptsMade: job.attemptsMade,
    attemptsStarted: job.attemptsStarted ?? 0,
    maxAttempts: typeof job.opts.attempts === "number" ? job.opts.attempts : null,
    progress: job.progress,
    returnValue: returned,
    failedReason: job.failedReason ?? null,
    stacktrace: (job.stacktrace ?? []).filter((s): s is string => typeof s === "string"),
    logs: { lines: [...logs.logs].reverse(), count: logs.count },
    timeline: jobTimeline({
      timestamp: job.timestamp ?? null,
      delay: job.delay ?? 0,
      processedOn: job.processedOn ?? null,
      finishedOn: job.finishedOn ?? null,
      state,
    }),
    parent: job.parent?.id ? { queue: queueFromQualified(job.parent.queueKey, prefix), id: job.parent.id } : null,
    children: {
      processed: deps.processed ?? 0,
      unprocessed: deps.unprocessed ?? 0,
      failed: deps.failed ?? 0,
      ignored: deps.ignored ?? 0,
    },
    batchId: typeof meta.batchId === "string" ? meta.batchId : null,
    chain: meta.chain ?? null,
    failedJobUuid: archived?.uuid ?? null,
  };
}

/** The whole payload as JSON text ("load all"). */
export async function jobPayloadText(queueName: string, id: string): Promise<string> {
  const job = await loadJob(queueName, id);
  return JSON.stringify(dataOf(job).payload ?? null);
}
