// What a Retell webhook delivery looks like. The route checks only the envelope
// (`event` + `call.call_id`, enough to enqueue and dedupe); the job reads the call
// with the fuller schema in ./call.ts.
import { z } from "zod";

/** Events with effects; each happens once per call. */
export const HANDLED_EVENTS = ["call_started", "call_ended", "call_analyzed"] as const;
export type HandledEvent = (typeof HANDLED_EVENTS)[number];

/** Events Retell documents that we record but do not act on (the seed's `default => Log::warning`). */
export const RECORDED_ONLY_EVENTS = [
  "transcript_updated", "transfer_started", "transfer_bridged", "transfer_cancelled", "transfer_ended",
] as const;

export function isHandledEvent(event: string): event is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}

/**
 * Call ids go into BullMQ job ids and Redis keys, so they are held to the
 * characters Retell actually uses (BullMQ refuses `:` in custom ids).
 */
export const retellCallId = z
  .string({ error: "call.call_id must be a string" })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "call.call_id must be 1–128 letters, digits, _ or -");

export const retellEventName = z
  .string({ error: "event must be a string" })
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "event must be a snake_case event name such as call_ended");

/** The envelope every Retell call event shares; other fields pass through untouched. */
export const retellEnvelopeSchema = z.looseObject({
  event: retellEventName,
  call: z.looseObject({ call_id: retellCallId }, { error: "call must be an object with call_id" }),
});
export type RetellEnvelope = z.infer<typeof retellEnvelopeSchema>;

export type EnvelopeResult = { ok: true; envelope: RetellEnvelope } | { ok: false; reason: string };

/** Parses an already-JSON-decoded body; the reason names the field for the 400 answer. */
export function parseRetellEnvelope(body: unknown): EnvelopeResult {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: "not a Retell event: the body must be a JSON object with event and call" };
  }
  const parsed = retellEnvelopeSchema.safeParse(body);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const reason = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
  return { ok: false, reason: `not a Retell event: ${reason}` };
}
