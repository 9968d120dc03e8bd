// createBatch() / addToBatch(): the seed's Bus::batch(...)->dispatch() and $batch->add().
// Order matters for correctness: every payload is validated first (one bad payload
// enqueues nothing), then the job ids are registered as pending in Redis, and only
// then are the jobs pushed, so no worker can finish the batch between two pushes.
import type { JobsOptions } from "bullmq";
import { BadRequest } from "../../http/app-error";
import { logger } from "../../logger";
import { parsePayload, prepareDispatch, resolveConnection } from "../job-data";
import { getQueue } from "../queues";
import type { JobData, JobDefinition } from "../types";
import { serializeCallback, type CallbackRef } from "./batch-callbacks";
import { BATCH_ID, jobSuffixSource, newBatchId } from "./batch-ids";
import { persistBatchQuietly } from "./batch-history";
import { addJobIds, createBatchState, readBatchState, removeJobIds, type CallbackKind } from "./batch-store";
import { runDueCallbacks } from "./run-callbacks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = JobDefinition<any, any>;

/** One job of a batch: a definition, its payload, and per-job options. */
export interface BatchJob {
  job: AnyDefinition;
  payload: unknown;
  /** Milliseconds before the job may run. */
  delay?: number;
  priority?: number;
  /** Stable key: the job id becomes `<batchId>-<key>`, so adding the same key twice adds one job. */
  key?: string;
}

/** Typed helper: `batchJob(ProcessCompanyBilling, { companyId, month })`. */
export function batchJob<P, I>(job: JobDefinition<P, I>, payload: I, options: Omit<BatchJob, "job" | "payload"> = {}): BatchJob {
  return { job, payload, ...options };
}

export interface CreateBatchOptions {
  name: string;
  /** Queue for every job (the seed's onQueue). @defaultValue each job's own queue */
  queue?: string;
  /** Queue connection (`redis`, `redis-long-running`). @defaultValue the config's default */
  connection?: string;
  /** Failed jobs do not cancel the batch. @defaultValue false */
  allowFailures?: boolean;
  jobs?: BatchJob[];
  /** Named handlers (defineBatchCallback): then when every job is done and the batch was not cancelled, catch on the first failure, finally when every job is done. */
  then?: CallbackRef;
  catch?: CallbackRef;
  finally?: CallbackRef;
  /** Fixed id: a second createBatch with it returns the same batch and adds nothing new twice (keys). */
  id?: string;
}

const ENQUEUE_CHUNK = 1000;
/** addBulk calls of one add in flight at once. */
const PUSHES_IN_FLIGHT = 2;

/** Creates the batch (and pushes `jobs`); returns its id. */
export async function createBatch(options: CreateBatchOptions): Promise<string> {
  const name = options.name?.trim();
  if (!name) throw new BadRequest("A batch needs a name");
  const id = options.id ?? newBatchId();
  if (!BATCH_ID.test(id)) throw new BadRequest(`Batch id "${id}": letters, digits, _ - only`);
  const connection = batchConnection(options.connection);
  const callbacks: Partial<Record<CallbackKind, string>> = {};
  for (const kind of ["then", "catch", "finally"] as const) {
    const stored = serializeCallback(options[kind], kind);
    if (stored) callbacks[kind] = stored;
  }
  const { ctx, planned } = planJobs(id, options.jobs ?? [], { queue: options.queue, connection });
  const created = await createBatchState({
    id, name, queue: options.queue ?? "", connection, allowFailures: options.allowFailures ?? false, createdAt: Date.now(), callbacks,
  });
  if (!created) logger.info({ batchId: id }, "createBatch: batch exists, adding to it");
  if (planned.length) await pushJobs(ctx, planned);
  else await persistBatchQuietly(id);
  return id;
}

/** $batch->add(): pushes more jobs into a running batch; returns their job ids. */
export async function addToBatch(id: string, jobs: BatchJob[], options: { queue?: string; connection?: string } = {}): Promise<string[]> {
  const stored = await readBatchState(id);
  const queue = options.queue ?? (stored?.record.queue || undefined);
  const connection = batchConnection(options.connection ?? stored?.record.connection);
  const { ctx, planned } = planJobs(id, jobs, { queue, connection });
  if (planned.length) await pushJobs(ctx, planned);
  return planned.map((p) => p.jobId);
}

/** A validated job of an add, not built yet: its stored form is built chunk by chunk as it is pushed (pushChunk). */
interface PlannedBatchJob {
  jobId: string;
  queue: string;
  item: BatchJob;
}

interface PlanContext {
  batchId: string;
  queue?: string;
  connection: string;
  /** One dispatch time for the whole add (delays, retryUntil, meta.dispatchedAt). */
  now: number;
}

function batchConnection(name: string | undefined): string {
  const resolved = resolveConnection(name);
  if (resolved.connection.driver !== "redis") {
    throw new BadRequest(`Batches run on workers: connection "${resolved.name}" (${resolved.connection.driver}) cannot hold a batch`);
  }
  return resolved.name;
}

/**
 * Validates every payload (one bad payload adds nothing) and fixes each job's id and queue.
 * The stored jobs are built per chunk while pushing, not all here: 10,000 built jobs kept
 * alive until the last push outlive the young generation and cost GC time (docs/BENCHMARKS.md
 * issue 5); building a chunk validates its payloads once more (cheap next to the push).
 */
function planJobs(batchId: string, jobs: BatchJob[], opts: { queue?: string; connection: string }): { ctx: PlanContext; planned: PlannedBatchJob[] } {
  const ctx: PlanContext = { batchId, queue: opts.queue, connection: opts.connection, now: Date.now() };
  const suffix = jobSuffixSource(jobs.length);
  const planned = jobs.map((item, i): PlannedBatchJob => {
    parsePayload(item.job, item.payload);
    return { jobId: `${batchId}-${item.key ?? suffix(i)}`, queue: opts.queue ?? item.job.queue, item };
  });
  return { ctx, planned };
}

async function pushJobs(ctx: PlanContext, jobs: PlannedBatchJob[]): Promise<void> {
  const { batchId } = ctx;
  const queues = [...new Set(jobs.map((j) => j.queue))];
  const { fresh, refused } = await addJobIds(batchId, jobs.map((j) => j.jobId), queues);
  if (refused) {
    // Cancelled (or finished, or gone) between two registration chunks: nothing is pushed,
    // so the ids the earlier chunks registered would hold the batch open forever.
    await takeBack(batchId, fresh);
    throw refused;
  }
  // The counters are final now: copy them to PostgreSQL while the jobs are pushed.
  const copied = persistBatchQuietly(batchId);
  // Chunks are pushed PUSHES_IN_FLIGHT at a time: the next chunk's jobs are serialized while
  // Redis runs the previous one (each id is registered already, so the order of pushes does
  // not matter for the counters). Each chunk's outcome is kept: only ids of chunks that did
  // not reach Redis are taken back.
  const chunks = Math.ceil(jobs.length / ENQUEUE_CHUNK);
  const pushed: boolean[] = new Array(chunks).fill(false);
  const failure: { error?: unknown } = {};
  const inFlight = new Set<Promise<void>>();
  for (let c = 0; c < chunks && !("error" in failure); c++) {
    const push: Promise<void> = pushChunk(ctx, jobs, c * ENQUEUE_CHUNK, Math.min(jobs.length, (c + 1) * ENQUEUE_CHUNK)).then(
      () => void (pushed[c] = true),
      (error: unknown) => void ("error" in failure || (failure.error = error)),
    ).finally(() => inFlight.delete(push));
    inFlight.add(push);
    if (inFlight.size >= PUSHES_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if ("error" in failure) {
    // Jobs that never reached Redis must not hold the batch open forever. Only ids this
    // add registered: an id an earlier add registered (same key) was pushed by that add.
    const mine = new Set(fresh);
    const unpushed: string[] = [];
    for (let c = 0; c < chunks; c++) {
      if (pushed[c]) continue;
      for (const j of jobs.slice(c * ENQUEUE_CHUNK, (c + 1) * ENQUEUE_CHUNK)) if (mine.has(j.jobId)) unpushed.push(j.jobId);
    }
    await copied;
    await takeBack(batchId, unpushed);
    throw failure.error;
  }
  await copied;
}

/** One chunk of planned jobs built and pushed to BullMQ (one addBulk per queue). */
async function pushChunk(ctx: PlanContext, jobs: PlannedBatchJob[], from: number, to: number): Promise<void> {
  const byQueue = new Map<string, { name: string; data: JobData; opts: JobsOptions }[]>();
  for (let i = from; i < to; i++) {
    const { jobId, queue, item } = jobs[i];
    const prepared = prepareDispatch(item.job, item.payload, {
      queue, connection: ctx.connection, delay: item.delay, priority: item.priority, jobId,
    }, ctx.now);
    // Set on the prepared meta rather than passed as options.meta: prepareDispatch spreads a given meta
    // into its own, which took 2-3 µs per job (3.5 vs 1.4 µs per prepareDispatch, 200,000 calls).
    prepared.data.meta.batchId = ctx.batchId;
    const job = { name: item.job.name, data: prepared.data, opts: prepared.jobOptions };
    const list = byQueue.get(queue);
    if (list) list.push(job);
    else byQueue.set(queue, [job]);
  }
  for (const [queue, list] of byQueue) await getQueue(queue).addBulk(list);
}

/**
 * Takes back registered ids that were never pushed. When that leaves nothing pending,
 * the batch finishes right here (remove-jobs-4), and this process runs the then/finally
 * it claimed — as the worker recording a batch's last job would.
 */
async function takeBack(batchId: string, jobIds: string[]): Promise<void> {
  if (!jobIds.length) return;
  try {
    const { due, claimer } = await removeJobIds(batchId, jobIds);
    if (due.length) await runDueCallbacks(batchId, due, claimer);
  } catch (error) {
    logger.error({ err: error, batchId }, "could not take back unpushed batch jobs");
  }
  await persistBatchQuietly(batchId);
}
