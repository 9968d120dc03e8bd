// RecordAppointmentRequest: call_analyzed's appointment request, recorded PENDING
// (one per call, idempotent), then handed to the booking chain
// (ProcessAppointmentBooking: ValidateBookingData → CheckAvailability →
// CreateAppointment → …). A request already booked or rejected is left alone.
import { z } from "zod";
import type { PrismaClient } from "../../db/client";
import { prisma } from "../../db/client";
import { defineJob, retryPolicies } from "../../queue";
import { appointmentRequestSchema, type AppointmentRequestData } from "../../retell/appointment-request";
import { retellCallId } from "../../retell/events";
import { ProcessAppointmentBooking } from "./booking/process-appointment-booking";

export const recordAppointmentRequestPayload = z.object({
  retellCallId,
  request: appointmentRequestSchema,
});
export type RecordAppointmentRequestPayload = z.infer<typeof recordAppointmentRequestPayload>;

export type RecordResult = { outcome: "recorded" | "exists"; requestId: string; status: "PENDING" | "BOOKED" | "REJECTED" };

/** Creates the PENDING request once; a second call (late duplicate webhook) leaves the first — and any booking — alone. */
export async function recordAppointmentRequest(db: PrismaClient, retellCallIdValue: string, request: AppointmentRequestData): Promise<RecordResult> {
  const call = await db.call.findUnique({ where: { retellCallId: retellCallIdValue }, select: { id: true, companyId: true, customerId: true } });
  // Dispatched only after the call's transaction committed, so a missing call is worth a retry (replica lag, restore).
  if (!call) throw new Error(`Call ${retellCallIdValue} not found; the appointment request will be retried`);
  const existing = await db.appointmentRequest.findUnique({ where: { callId: call.id }, select: { id: true, status: true } });
  if (existing) return { outcome: "exists", requestId: existing.id, status: existing.status };
  const created = await db.appointmentRequest.upsert({
    where: { callId: call.id },
    create: {
      callId: call.id,
      companyId: call.companyId,
      customerId: call.customerId,
      requestedStartsAt: new Date(request.starts_at),
      service: request.service,
      durationMinutes: request.duration_minutes,
      notes: request.notes,
    },
    update: {},
    select: { id: true, status: true },
  });
  return { outcome: "recorded", requestId: created.id, status: created.status };
}

export function appointmentRequestJobId(retellCallIdValue: string): string {
  return `appointment-request-${retellCallIdValue}`;
}

export const RecordAppointmentRequest = defineJob({
  name: "RecordAppointmentRequest",
  queue: "bookings",
  payload: recordAppointmentRequestPayload,
  tries: 5,
  backoff: [5, 30, 60, 120, 300],
  uniqueId: (p) => appointmentRequestJobId(p.retellCallId),
  shouldRetry: retryPolicies.failFastOnValidation,
  tags: (p) => [`call:${p.retellCallId}`],
  async handle(ctx) {
    const result = await recordAppointmentRequest(prisma(), ctx.payload.retellCallId, ctx.payload.request);
    // Also for an existing PENDING request: a retry may follow a crash between record and dispatch.
    // The booking job's id is unique per request, so this never starts a second chain.
    const bookingJobId = result.status === "PENDING" ? await ctx.dispatch(ProcessAppointmentBooking, { appointmentRequestId: result.requestId }) : undefined;
    ctx.logger.info({ ...result, bookingJobId, retellCallId: ctx.payload.retellCallId }, "appointment request recorded for booking");
    return { ...result, bookingJobId };
  },
});
