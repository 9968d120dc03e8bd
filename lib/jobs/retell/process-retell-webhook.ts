// ProcessRetellWebhook: the seed's job of the same name. One delivery → its
// effects and its WebhookEvent row in one transaction (webhook-event-store.ts),
// then the follow-up jobs it asks for.
import { z } from "zod";
import { prisma } from "../../db/client";
import { defineJob, retryPolicies } from "../../queue";
import { retellEnvelopeSchema } from "../../retell/events";
import { appointmentRequestJobId, RecordAppointmentRequest } from "../appointments/record-appointment-request";
import { applyWebhookEvent } from "./webhook-event-store";

export const processRetellWebhookPayload = z.object({
  /** Derived from call id + event (lib/retell/event-id.ts): BullMQ job id and WebhookEvent.eventId. */
  webhookId: z.string().regex(/^[\w-]{1,300}$/),
  /** When the route accepted the delivery (ISO). */
  receivedAt: z.iso.datetime(),
  webhook: retellEnvelopeSchema,
});
export type ProcessRetellWebhookPayload = z.infer<typeof processRetellWebhookPayload>;

export const ProcessRetellWebhook = defineJob({
  name: "ProcessRetellWebhook",
  queue: "webhooks",
  payload: processRetellWebhookPayload,
  tries: 5,
  backoff: [10, 30, 60, 120, 300],
  uniqueId: (p) => p.webhookId,
  // A call object that fails its schema will fail the same way on every retry.
  shouldRetry: retryPolicies.failFastOnValidation,
  tags: (p) => [`retell:${p.webhook.event}`, `call:${p.webhook.call.call_id}`],
  async handle(ctx) {
    const { webhookId, receivedAt, webhook } = ctx.payload;
    const result = await applyWebhookEvent(prisma(), { webhookId, receivedAt: new Date(receivedAt), envelope: webhook });
    const log = ctx.logger.child({ webhookId, event: webhook.event, callId: webhook.call.call_id });
    for (const warning of result.warnings) log.warn(warning);
    if (result.outcome === "duplicate") log.info({ duplicateCount: result.duplicateCount }, "duplicate Retell delivery: already processed, nothing changed");
    else if (!result.handled) log.warn("unhandled Retell event recorded");

    // Re-issued on duplicates too: ids are deterministic and the jobs idempotent (see follow-ups.ts).
    for (const followUp of result.followUps) {
      await ctx.dispatch(
        RecordAppointmentRequest,
        { retellCallId: followUp.retellCallId, request: followUp.request },
        { jobId: appointmentRequestJobId(followUp.retellCallId) },
      );
    }
    return { outcome: result.outcome, followUps: result.followUps.length };
  },
});
