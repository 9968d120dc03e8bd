// Replay of a stored Retell event: ProcessRetellWebhook is enqueued again with
// the stored envelope under a fresh job id (the original id may still sit in
// BullMQ's completed set, which would swallow the dispatch). The event row
// already exists, so the job's exactly-once store counts it as a duplicate and
// re-issues its follow-up jobs (idempotent ids); effects are not applied twice.
import { findWebhookEvent } from "../db/queries/webhook-events";
import { ProcessRetellWebhook } from "../jobs/retell/process-retell-webhook";
import { dispatch } from "../queue/dispatch";
import { retellEnvelopeSchema } from "../retell/events";
import { StateConflict } from "./errors";

export async function replayWebhookEvent(id: string, now = Date.now()): Promise<{ jobId: string; queue: string; eventId: string }> {
  const event = await findWebhookEvent(id);
  const envelope = retellEnvelopeSchema.safeParse(event.payload);
  if (!envelope.success) throw new StateConflict("This event's stored payload is not a Retell envelope; it cannot be replayed.");
  const jobId = await dispatch(
    ProcessRetellWebhook,
    { webhookId: event.eventId, receivedAt: event.receivedAt.toISOString(), webhook: envelope.data },
    { jobId: `replay-${event.eventId}-${now}` },
  );
  return { jobId, queue: ProcessRetellWebhook.queue, eventId: event.eventId };
}
