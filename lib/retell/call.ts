// The Retell call object as the job reads it (a subset of retell-sdk's
// PhoneCallResponse/WebCallResponse). Lenient on purpose: Retell adds fields
// and sends `null` for absent ones; what we store is optional except the ids.
import { z } from "zod";
import { retellCallId } from "./events";

const text = z.string().nullish().transform((v) => v ?? undefined);
const epochMs = z.number().int().nonnegative().nullish().transform((v) => v ?? undefined);

export const callAnalysisSchema = z.looseObject({
  call_summary: text,
  user_sentiment: text,
  call_successful: z.boolean().nullish().transform((v) => v ?? undefined),
  in_voicemail: z.boolean().nullish().transform((v) => v ?? undefined),
  custom_analysis_data: z.unknown().optional(),
});

export const retellCallSchema = z.looseObject({
  call_id: retellCallId,
  agent_id: z.string().min(1, "call.agent_id is required"),
  call_type: text,
  direction: z.enum(["inbound", "outbound"]).nullish().transform((v) => v ?? undefined),
  from_number: text,
  to_number: text,
  call_status: text,
  start_timestamp: epochMs,
  end_timestamp: epochMs,
  duration_ms: epochMs,
  disconnection_reason: text,
  transcript: text,
  recording_url: text,
  call_analysis: callAnalysisSchema.nullish().transform((v) => v ?? undefined),
});
export type RetellCall = z.infer<typeof retellCallSchema>;

/** The number of the person calling in (or called, for outbound calls). */
export function callerNumber(call: RetellCall): string | undefined {
  return call.direction === "outbound" ? call.to_number : call.from_number;
}

/** The company's number on this call: the one dialled in, or the one dialling out. */
export function companyNumber(call: RetellCall): string | undefined {
  return call.direction === "outbound" ? call.from_number : call.to_number;
}

export function toDate(epoch: number | undefined): Date | undefined {
  return epoch === undefined ? undefined : new Date(epoch);
}
