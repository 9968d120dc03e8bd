// createBatch() / addToBatch(): the seed's Bus::batch(...)->dispatch() and $batch->add().
// Order matters for correctness: every payload is validated first (one bad payload
// enqueues nothing), then the job ids are registered as pending in Redis, and a chunk
// of jobs is pushed only once its ids and the next chunk's are registered, so no worker
// can finish the batch between two pushes (pushJobs).
import type { JobsOptions } from "bullmq";
import { BadRequest } from "../../http/app-error";
import { logger } from "../../logger";
import { parsePayload, prepareParsed, resolveConnection } from "../job-data";
import { getQueue } from "../queues";
import type { JobData, JobDefinition } from "../types";
import { serializeCallback, type CallbackRef } from "./batch-callbacks";
import { BATCH_ID, KEY_SEPARATOR, keyedJobId, newBatchId } from "./batch-ids";
import { persistBatchQuietly } from "./batch-history";
import { createBatchState, REGISTER_CHUNK, registerJobIdChunks, registrationChunks, readBatchState, removeJobIds, type CallbackKind } from "./batch-store";
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
  /** Stable key: the job id becomes `<batchId>.<key>`, so adding the same key twice adds one job. No `:` (BullMQ job ids cannot hold one). */
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
  ctx.newBatch = created;
  // An existing batch may be an earlier release's: keys added to it again must find the jobs they named then.
  const separator = created ? KEY_SEPARATOR : ((await readBatchState(id))?.keySeparator ?? KEY_SEPARATOR);
  nameKeyed(planned, id, separator);
  if (planned.length) await pushJobs(ctx, planned);
  else await persistBatchQuietly(id, { fresh: created });
  return id;
}

/** $batch->add(): pushes more jobs into a running batch; returns their job ids. */
export async function addToBatch(id: string, jobs: BatchJob[], options: { queue?: string; connection?: string } = {}): Promise<string[]> {
  const stored = await readBatchState(id);
  const queue = options.queue ?? (stored?.record.queue || undefined);
  const connection = batchConnection(options.connection ?? stored?.record.connection);
  const { ctx, planned } = planJobs(id, jobs, { queue, connection });
  nameKeyed(planned, id, stored?.keySeparator ?? KEY_SEPARATOR);
  if (planned.length) await pushJobs(ctx, planned);
  return planned.map((p) => p.jobId);
}

/** A validated job of an add, not built yet: its stored form is built chunk by chunk as it is pushed (pushChunk). */
interface PlannedBatchJob {
  /** "" until named: `<batchId>.<key>` once the batch's separator is known (nameKeyed), `<batchId>_<n>` once its chunk is registered (pushJobs). */
  jobId: string;
  queue: string;
  item: BatchJob;
  /** parsePayload's result for item.payload (validated once, in planJobs). */
  parsed: unknown;
}

interface PlanContext {
  batchId: string;
  connection: string;
  /** One dispatch time for the whole add (delays, retryUntil, meta.dispatchedAt). */
  now: number;
  /** This add's batch was just created in Redis (its first PostgreSQL copy is an insert: saveBatchRow's `fresh`). */
  newBatch?: boolean;
}

function batchConnection(name: string | undefined): string {
  const resolved = resolveConnection(name);
  if (resolved.connection.driver !== "redis") {
    throw new BadRequest(`Batches run on workers: connection "${resolved.name}" (${resolved.connection.driver}) cannot hold a batch`);
  }
  return resolved.name;
}

/**
 * Validates every payload and key (one bad one adds nothing) and fixes each job's queue.
 * The stored jobs are built per chunk while pushing, not all here: 10,000 built jobs kept
 * alive until the last push outlive the young generation and cost GC time (docs/BENCHMARKS.md
 * issue 5); building a chunk reuses the parsed payloads (prepareParsed), no second validation.
 */
function planJobs(batchId: string, jobs: BatchJob[], opts: { queue?: string; connection: string }): { ctx: PlanContext; planned: PlannedBatchJob[] } {
  const ctx: PlanContext = { batchId, connection: opts.connection, now: Date.now() };
  const planned = jobs.map((item): PlannedBatchJob => {
    // BullMQ refuses a job id with ":" at push time, after earlier chunks went out: refuse it before anything is registered.
    if (item.key?.includes(":")) throw new BadRequest(`Batch job key "${item.key}": ":" is not allowed in a key (it becomes part of the job id)`);
    const parsed = parsePayload(item.job, item.payload);
    return { jobId: "", queue: opts.queue ?? item.job.queue, item, parsed };
  });
  return { ctx, planned };
}

async function pushJobs(ctx: PlanContext, jobs: PlannedBatchJob[]): Promise<void> {
  const { batchId } = ctx;
  const queues = [...new Set(jobs.map((j) => j.queue))];
  // The registration chunks (1,000 jobs each, as many as the push chunks) all go out at once, and the
  // pushes start before the last of them is answered: chunk c is pushed once chunks c AND c + 1 are
  // registered. So no job is pushed before its id is registered, and while any pushed job runs, a
  // registered id not pushed yet keeps the batch from reaching 0 pending — it cannot finish between
  // two pushes. A refused chunk (the batch was cancelled or finished meanwhile) stops the pushes:
  // the chunks already pushed stay (in a cancelled batch they skip their work), every id registered
  // but not pushed is taken back.
  const regs = registerJobIdChunks(batchId, registrationChunks(jobs.map((j) => j.jobId)), queues);
  // Once the counters are final, copy them to PostgreSQL while the jobs are pushed (a take-back copies them itself).
  const copied = Promise.all(regs).then((r) => (r.some((x) => x.refused) ? undefined : persistBatchQuietly(batchId, { fresh: ctx.newBatch })));
  const chunks = regs.length;
  const pushed: boolean[] = new Array(chunks).fill(false);
  const failure: { error?: unknown } = {};
  const inFlight = new Set<Promise<void>>();
  for (let c = 0; c < chunks && !("error" in failure); c++) {
    const gate = await regs[Math.min(c + 1, chunks - 1)];
    const mine = await regs[c];
    if (gate.refused || mine.refused) {
      failure.error = mine.refused ?? gate.refused;
      break;
    }
    const [from, to] = [c * REGISTER_CHUNK, Math.min(jobs.length, (c + 1) * REGISTER_CHUNK)];
    nameUnkeyed(jobs, from, to, mine.generated);
    const push: Promise<void> = pushChunk(ctx, jobs, from, to).then(
      () => void (pushed[c] = true),
      (error: unknown) => void ("error" in failure || (failure.error = error)),
    ).finally(() => inFlight.delete(push));
    inFlight.add(push);
    if (inFlight.size >= PUSHES_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if ("error" in failure) {
    // Jobs that never reached Redis must not hold the batch open forever. Only ids this add
    // registered (fresh): an id an earlier add registered (same key) was pushed by that add.
    const results = await Promise.all(regs);
    const unpushed: string[] = [];
    results.forEach((r, c) => void (pushed[c] || unpushed.push(...r.fresh)));
    await copied;
    await takeBack(batchId, unpushed);
    throw failure.error;
  }
  await copied;
}

/** Gives each job with a key its id, joined with the batch's separator. */
function nameKeyed(jobs: PlannedBatchJob[], batchId: string, separator: string): void {
  for (const job of jobs) if (job.item.key != null) job.jobId = keyedJobId(batchId, job.item.key, separator);
}

/** Gives the chunk's jobs without a key, in order, the ids its registration handed out. */
function nameUnkeyed(jobs: PlannedBatchJob[], from: number, to: number, ids: string[]): void {
  let next = 0;
  for (let i = from; i < to; i++) if (!jobs[i].jobId) jobs[i].jobId = ids[next++];
}

/** One chunk of planned jobs built and pushed to BullMQ (one addBulk per queue). */
async function pushChunk(ctx: PlanContext, jobs: PlannedBatchJob[], from: number, to: number): Promise<void> {
  const byQueue = new Map<string, { name: string; data: JobData; opts: JobsOptions }[]>();
  for (let i = from; i < to; i++) {
    const { jobId, queue, item, parsed } = jobs[i];
    const prepared = prepareParsed(item.job, item.payload, parsed, {
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
