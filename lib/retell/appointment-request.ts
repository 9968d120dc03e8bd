// An appointment request in call_analyzed's `custom_analysis_data`. The Retell
// agent's post-call analysis is configured to fill `appointment_request` when
// the caller asked for a booking:
//   { "appointment_request": { "starts_at": "2026-12-03T10:00:00+01:00",
//       "service": "Haircut", "duration_minutes": 30, "notes": "..." } }
import { z } from "zod";

export const appointmentRequestSchema = z.object({
  starts_at: z.iso.datetime({ offset: true, error: "starts_at must be an ISO date-time with offset" }),
  service: z.string().trim().min(1).max(200).optional(),
  duration_minutes: z.number().int().positive().max(24 * 60).optional(),
  notes: z.string().max(2000).optional(),
});
export type AppointmentRequestData = z.infer<typeof appointmentRequestSchema>;

export type AppointmentRequestResult =
  | { kind: "none" }
  | { kind: "request"; request: AppointmentRequestData }
  | { kind: "invalid"; reason: string };

/** Pure: whether the analysis asks for an appointment, and whether the request is usable. */
export function readAppointmentRequest(customAnalysis: unknown): AppointmentRequestResult {
  if (typeof customAnalysis !== "object" || customAnalysis === null) return { kind: "none" };
  const raw = (customAnalysis as Record<string, unknown>).appointment_request;
  if (raw === undefined || raw === null || raw === false) return { kind: "none" };
  const parsed = appointmentRequestSchema.safeParse(raw);
  if (parsed.success) return { kind: "request", request: parsed.data };
  return {
    kind: "invalid",
    reason: parsed.error.issues.map((i) => `${["appointment_request", ...i.path].join(".")}: ${i.message}`).join("; "),
  };
}
