// chain([...]).dispatch(): the seed's Bus::chain. Built on the runtime's own hand-off,
// not on BullMQ flows (docs/BATCHES.md says why): the chain and its steps are rows
// in PostgreSQL, step 0 is pushed now, and each later step is pushed by the worker
// that completed the one before it.
import { randomUUID } from "node:crypto";
import { BadRequest } from "../../http/app-error";
import { prisma } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { env } from "../../env";
import { prepareDispatch } from "../job-data";
import { getQueue } from "../queues";
import { jobRegistry } from "../registry";
import type { JobDefinition } from "../types";
import { chainCatches, type ChainCatchRef } from "./chain-callbacks";
import { chainMetaPatch, stepJobId } from "./chain-meta";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = JobDefinition<any, any>;

export interface ChainStepInput {
  job: AnyDefinition;
  payload: unknown;
}

/** Typed helper: `chainStep(ValidateBookingData, data)`. */
export function chainStep<P, I>(job: JobDefinition<P, I>, payload: I): ChainStepInput {
  return { job, payload };
}

export interface ChainOptions {
  /** Shown in the console. @defaultValue the step names joined by → */
  name?: string;
  /** Queue for every step (the seed's onQueue). @defaultValue each job's own queue */
  queue?: string;
  /** @defaultValue each job's own connection, then the config default */
  connection?: string;
  /** Named handler (defineChainCatch) called once when a step fails for good. */
  catch?: ChainCatchRef;
  /** Fixed id: dispatching the same id twice starts one chain (e.g. the id of the job that builds it). */
  id?: string;
}

export interface DispatchedChain {
  id: string;
  /** Every step's BullMQ job id, known up front (later steps are pushed when their turn comes). */
  jobIds: string[];
  /** False when a chain with this id existed already. */
  created: boolean;
}

export function chain(steps: ChainStepInput[], options: ChainOptions = {}) {
  return { dispatch: () => dispatchChain(steps, options) };
}

export async function dispatchChain(steps: ChainStepInput[], options: ChainOptions = {}): Promise<DispatchedChain> {
  if (!steps.length) throw new BadRequest("A chain needs at least one step");
  const id = options.id ?? randomUUID();
  if (!/^[\w-]{1,100}$/.test(id)) throw new BadRequest(`Chain id "${id}": letters, digits, _ - only`);
  const catchSpec = typeof options.catch === "string" ? { name: options.catch } : options.catch;
  if (catchSpec && !chainCatches.has(catchSpec.name)) throw new Error(`Chain catch handler "${catchSpec.name}" is not registered (defineChainCatch)`);
  // Validate every step now: a bad payload at step 5 must not surface after steps 1–4 ran.
  const rows = steps.map((s, index) => {
    const prepared = prepareDispatch(s.job, s.payload, { queue: options.queue, connection: options.connection, jobId: stepJobId(id, index) });
    if (prepared.connection.driver !== "redis") {
      throw new BadRequest(`Chains run on workers: step ${index} (${s.job.name}) is on connection "${prepared.connectionName}" (${prepared.connection.driver})`);
    }
    return {
      index, jobName: s.job.name, queue: prepared.queue, connection: prepared.connectionName,
      payload: s.payload as Prisma.InputJsonValue, jobId: stepJobId(id, index),
    };
  });
  const db = prisma();
  let created = true;
  try {
    await db.chainRun.create({
      data: {
        id, prefix: env().REDIS_PREFIX, name: options.name ?? steps.map((s) => s.job.name).join(" → "),
        catchHandler: catchSpec?.name ?? null,
        catchArgs: (catchSpec?.args ?? undefined) as Prisma.InputJsonValue | undefined,
        steps: { create: rows },
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    created = false; // the same chain again (a re-run of the job that builds it): make sure it started
  }
  // If the push fails, the chain stays RUNNING with step 0 PENDING: dispatching the same id again
  // (the building job's retry) pushes it then.
  await pushStep(id, 0);
  return { id, jobIds: rows.map((r) => r.jobId), created };
}

/**
 * Pushes step `index` from its stored row, under its fixed job id (BullMQ ignores an
 * add whose id exists, so a repeated hand-off is harmless). No-op when the chain is
 * no longer running or the step has already started.
 */
export async function pushStep(chainId: string, index: number): Promise<string | null> {
  const step = await prisma().chainStep.findUnique({ where: { chainId_index: { chainId, index } }, include: { chain: true } });
  if (!step || step.chain.status !== "RUNNING" || step.status !== "PENDING") return null;
  const definition = jobRegistry.get(step.jobName);
  if (!definition) throw new Error(`Chain ${chainId} step ${index}: job "${step.jobName}" is not registered in this process`);
  const prepared = prepareDispatch(definition, step.payload, {
    queue: step.queue, connection: step.connection ?? undefined, jobId: step.jobId, meta: chainMetaPatch(chainId, index),
  });
  await getQueue(prepared.queue).add(definition.name, prepared.data, prepared.jobOptions);
  return step.jobId;
}
