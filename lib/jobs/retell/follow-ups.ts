// Jobs an event asks for after its transaction commits. Pure, and derived from
// the delivery alone, so a retried job (or a late duplicate) can re-issue them:
// their job ids are deterministic and the jobs themselves are idempotent, which
// closes the gap between "transaction committed" and "follow-up enqueued".
import { readAppointmentRequest, type AppointmentRequestData } from "../../retell/appointment-request";
import type { RetellCall } from "../../retell/call";
import type { HandledEvent } from "../../retell/events";

export type FollowUp = { kind: "appointment-request"; retellCallId: string; request: AppointmentRequestData };

export interface FollowUpPlan {
  followUps: FollowUp[];
  /** Problems worth a log line that must not fail the webhook (the call data is still stored). */
  warnings: string[];
}

export function followUpsFor(event: HandledEvent, call: RetellCall): FollowUpPlan {
  if (event !== "call_analyzed") return { followUps: [], warnings: [] };
  const result = readAppointmentRequest(call.call_analysis?.custom_analysis_data);
  switch (result.kind) {
    case "none":
      return { followUps: [], warnings: [] };
    case "invalid":
      return { followUps: [], warnings: [`appointment request ignored: ${result.reason}`] };
    case "request":
      return { followUps: [{ kind: "appointment-request", retellCallId: call.call_id, request: result.request }], warnings: [] };
  }
}
