// The webhook id: BullMQ job id on the request path, `WebhookEvent.eventId` in the job.
// Retell retries a delivery (up to 3 times without a 2xx in 10 s) with the same body,
// so the id must be derived from the delivery's content, never from the arrival.
import { createHash } from "node:crypto";
import { isHandledEvent, type RetellEnvelope } from "./events";

/**
 * call_started / call_ended / call_analyzed happen once per call: call id + event
 * names them. Other events (transcript_updated fires on every turn, a call can be
 * transferred twice, unknown ones) add a digest of the body, so distinct deliveries
 * are all recorded while a retried delivery still collapses onto its first.
 */
export function webhookEventId(envelope: Pick<RetellEnvelope, "event" | "call">, rawBody: string): string {
  const base = `retell-${envelope.call.call_id}-${envelope.event}`;
  if (isHandledEvent(envelope.event)) return base;
  const digest = createHash("sha256").update(rawBody).digest("hex").slice(0, 16);
  return `${base}-${digest}`;
}
