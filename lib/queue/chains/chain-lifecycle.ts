// What the job runtime calls around each attempt of a chain step (meta.chain).
// PostgreSQL is the source of truth: a step is marked completed in the same
// transaction that moves the chain on, and only then is the next step pushed. A
// worker killed anywhere in between leaves its job active; BullMQ re-runs it after
// the lock expires, and the re-run finds the step completed, skips the handler and
// finishes the hand-off — so a completed step's side effects never run twice.
import { prisma } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { logger } from "../../logger";
import { chainCatches } from "./chain-callbacks";
import { pushStep } from "./chain";
import { chainSnapshot } from "./chain-snapshot";

export type BeforeAttempt = { skip: string } | undefined;

export async function beforeChainAttempt(chainId: string, index: number): Promise<BeforeAttempt> {
  const db = prisma();
  const step = await db.chainStep.findUnique({ where: { chainId_index: { chainId, index } }, include: { chain: true } });
  if (!step) {
    logger.warn({ chainId, step: index }, "chain step runs but its chain is unknown; running it without hand-off");
    return undefined;
  }
  if (step.chain.status !== "RUNNING") {
    // A worker that died inside the catch leaves it undone: its step's re-run finishes it.
    if (step.chain.status === "FAILED" && step.chain.failedStep === index && !step.chain.catchDoneAt) await runCatch(chainId);
    return { skip: `chain_${step.chain.status.toLowerCase()}` };
  }
  if (step.status === "COMPLETED") {
    await handOff(chainId, index);
    return { skip: "chain_step_already_completed" };
  }
  const now = new Date();
  await db.$transaction([
    db.chainStep.update({
      where: { id: step.id },
      data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: step.startedAt ?? now, error: null },
    }),
    db.chainRun.update({ where: { id: chainId }, data: { currentStep: index } }),
  ]);
  return undefined;
}

export async function afterChainStepCompleted(chainId: string, index: number, result: unknown): Promise<void> {
  const db = prisma();
  const total = await db.chainStep.count({ where: { chainId } });
  const last = index === total - 1;
  const now = new Date();
  await db.$transaction([
    db.chainStep.updateMany({
      where: { chainId, index, status: { not: "COMPLETED" } },
      data: { status: "COMPLETED", result: toJson(result), finishedAt: now },
    }),
    db.chainRun.updateMany({
      where: { id: chainId, status: "RUNNING" },
      data: last ? { status: "COMPLETED", currentStep: total, finishedAt: now } : { currentStep: index + 1 },
    }),
  ]);
  if (!last) await handOff(chainId, index);
}

export async function afterChainStepFailed(chainId: string, index: number, error: Error): Promise<void> {
  const db = prisma();
  const now = new Date();
  const message = error.message.slice(0, 4000);
  const [, owned] = await db.$transaction([
    db.chainStep.updateMany({ where: { chainId, index }, data: { status: "FAILED", error: message, finishedAt: now } }),
    db.chainRun.updateMany({
      where: { id: chainId, status: "RUNNING" },
      data: { status: "FAILED", failedStep: index, error: `${error.name}: ${message}`, finishedAt: now },
    }),
    // The later steps will never run: say so in their rows.
    db.chainStep.updateMany({ where: { chainId, index: { gt: index }, status: "PENDING" }, data: { status: "SKIPPED" } }),
  ]);
  if (owned.count === 1) await runCatch(chainId);
}

async function handOff(chainId: string, index: number): Promise<void> {
  const pushed = await pushStep(chainId, index + 1);
  if (pushed) logger.debug({ chainId, step: index + 1, jobId: pushed }, "chain hand-off");
}

/** Calls the chain's catch handler once and records that it ran (or how it failed). */
async function runCatch(chainId: string): Promise<void> {
  const db = prisma();
  const run = await db.chainRun.findUnique({ where: { id: chainId }, include: { steps: true } });
  if (!run?.catchHandler || run.catchDoneAt || run.failedStep === null) return;
  const step = run.steps.find((s) => s.index === run.failedStep)!;
  const log = logger.child({ chainId, catch: run.catchHandler, failedStep: run.failedStep });
  const handler = chainCatches.get(run.catchHandler);
  let failure: string | null = null;
  if (!handler) {
    failure = `catch handler "${run.catchHandler}" is not registered in this process`;
    log.error(failure);
  } else {
    const [name, ...rest] = (run.error ?? "Error: unknown").split(": ");
    try {
      await handler({
        chain: chainSnapshot(run),
        step: { index: step.index, name: step.jobName, jobId: step.jobId },
        error: { name, message: rest.join(": ") },
        args: run.catchArgs,
        logger: log,
      });
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      log.error({ err: e }, "chain catch handler threw");
    }
  }
  await db.chainRun.update({ where: { id: chainId }, data: { catchDoneAt: new Date(), catchError: failure } });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
  } catch {
    return { unserializable: String(value) };
  }
}
