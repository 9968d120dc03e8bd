// What each handled Retell event does to the Call row. Retell may deliver (and
// retry) events out of order, so every handler upserts the call from the data
// it carries (all events include the base call fields) and only ever fills in
// its own fields: call_started never downgrades a call that already ended.
import type { Prisma } from "../../db/generated/client";
import type { RetellCall } from "../../retell/call";
import { toDate } from "../../retell/call";
import type { HandledEvent } from "../../retell/events";
import { findOrCreateCustomerId, resolveCompanyId } from "./company-resolution";
import type { Tx } from "./tx";

type CallFields = Omit<Prisma.CallUncheckedCreateInput, "retellCallId" | "companyId" | "agentId" | "status">;

function endedFields(call: RetellCall): CallFields {
  const startedAt = toDate(call.start_timestamp);
  const endedAt = toDate(call.end_timestamp);
  const derivedDuration = startedAt && endedAt ? endedAt.getTime() - startedAt.getTime() : undefined;
  return {
    startedAt,
    endedAt,
    durationMs: call.duration_ms ?? derivedDuration,
    disconnectionReason: call.disconnection_reason,
    transcript: call.transcript,
    recordingUrl: call.recording_url,
  };
}

function analysisFields(call: RetellCall, now: Date): CallFields {
  const analysis = call.call_analysis;
  if (!analysis) return {};
  const custom = analysis.custom_analysis_data;
  return {
    summary: analysis.call_summary,
    sentiment: analysis.user_sentiment,
    successful: analysis.call_successful,
    inVoicemail: analysis.in_voicemail,
    customAnalysis: custom === undefined || custom === null ? undefined : (custom as Prisma.InputJsonValue),
    analyzedAt: now,
  };
}

/** The fields an event sets on the call, beyond the identity every event carries. Pure. */
export function fieldsForEvent(event: HandledEvent, call: RetellCall, now: Date): { status?: string; fields: CallFields } {
  switch (event) {
    case "call_started":
      return { fields: { startedAt: toDate(call.start_timestamp) } };
    case "call_ended":
      return { status: call.call_status ?? "ended", fields: endedFields(call) };
    case "call_analyzed":
      return { status: call.call_status ?? "ended", fields: { ...endedFields(call), ...analysisFields(call, now) } };
  }
}

/** Applies one handled event to its Call (creating it, its customer and company link if new). Returns the Call id. */
export async function applyCallEvent(tx: Tx, event: HandledEvent, call: RetellCall, now: Date): Promise<string> {
  const companyId = await resolveCompanyId(tx, call);
  const customerId = await findOrCreateCustomerId(tx, companyId, call);
  const { status, fields } = fieldsForEvent(event, call, now);
  const row = await tx.call.upsert({
    where: { retellCallId: call.call_id },
    create: {
      retellCallId: call.call_id,
      companyId,
      customerId,
      agentId: call.agent_id,
      callType: call.call_type,
      direction: call.direction,
      fromNumber: call.from_number,
      toNumber: call.to_number,
      status: status ?? call.call_status ?? "ongoing",
      ...fields,
    },
    // call_started carries no status: an existing (maybe already ended) call keeps its own.
    update: { ...(status ? { status } : {}), ...fields, ...(customerId ? { customerId } : {}) },
    select: { id: true },
  });
  return row.id;
}
