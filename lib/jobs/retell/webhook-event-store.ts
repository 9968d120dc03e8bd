// Exactly-once effects for a Retell delivery. The WebhookEvent row (unique
// eventId) and the event's effects commit in ONE transaction: the insert comes
// first, so a concurrent or late duplicate blocks on / collides with it and the
// whole transaction (effects included) is discarded — then only duplicateCount
// moves. This holds after the job and its Redis dedupe key are long gone.
import type { PrismaClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { retellCallSchema } from "../../retell/call";
import { isHandledEvent, type RetellEnvelope } from "../../retell/events";
import { applyCallEvent } from "./call-effects";
import { followUpsFor, type FollowUpPlan } from "./follow-ups";
import type { Tx } from "./tx";

export interface WebhookDelivery {
  webhookId: string;
  receivedAt: Date;
  envelope: RetellEnvelope;
}

export type ApplyOutcome =
  | ({ outcome: "processed"; handled: boolean } & FollowUpPlan)
  | ({ outcome: "duplicate"; duplicateCount: number } & FollowUpPlan);

class DuplicateDelivery extends Error {}

/** First half of the advisory-lock key, so our per-call locks cannot collide with other features'. */
const CALL_LOCK_NAMESPACE = 7_301;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

async function insertEvent(tx: Tx, delivery: WebhookDelivery, handled: boolean, now: Date): Promise<void> {
  try {
    await tx.webhookEvent.create({
      data: {
        provider: "retell",
        eventId: delivery.webhookId,
        eventType: delivery.envelope.event,
        callId: delivery.envelope.call.call_id,
        handled,
        payload: delivery.envelope as Prisma.InputJsonValue,
        receivedAt: delivery.receivedAt,
        processedAt: now,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateDelivery();
    throw error;
  }
}

/** Applies a delivery once. Throws for effects that failed (the job retries); returns what to dispatch next. */
export async function applyWebhookEvent(db: PrismaClient, delivery: WebhookDelivery, now: Date = new Date()): Promise<ApplyOutcome> {
  const event = delivery.envelope.event;
  // Parse before the transaction: a handled event whose call is unusable is a permanent error, not a retry.
  const call = isHandledEvent(event) ? retellCallSchema.parse(delivery.envelope.call) : undefined;
  const plan: FollowUpPlan = call && isHandledEvent(event) ? followUpsFor(event, call) : { followUps: [], warnings: [] };
  try {
    await db.$transaction(async (tx) => {
      await insertEvent(tx, delivery, call !== undefined, now);
      if (call && isHandledEvent(event)) {
        // Retell sends call_ended and call_analyzed moments apart: without this lock two
        // workers would both create the new call (or caller) and one would fail on the unique key.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CALL_LOCK_NAMESPACE}::int, hashtext(${call.call_id}))`;
        await applyCallEvent(tx, event, call, now);
      }
    });
    return { outcome: "processed", handled: call !== undefined, ...plan };
  } catch (error) {
    if (!(error instanceof DuplicateDelivery)) throw error;
  }
  const row = await db.webhookEvent.update({
    where: { eventId: delivery.webhookId },
    data: { duplicateCount: { increment: 1 }, lastDuplicateAt: now },
    select: { duplicateCount: true },
  });
  return { outcome: "duplicate", duplicateCount: row.duplicateCount, ...plan };
}
