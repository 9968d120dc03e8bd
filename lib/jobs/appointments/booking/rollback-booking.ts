// The booking chain's catch: undo what the steps before the failure did. The
// appointment is marked CANCELLED (kept for the record, not deleted), the request
// REJECTED, and a Cal.com booking — if step 4 made one — is cancelled by its own job,
// so a Cal.com outage during the rollback is retried instead of forgotten.
import { z } from "zod";
import { prisma } from "../../../db/client";
import { defineJob, dispatch } from "../../../queue";
import { defineChainCatch } from "../../../queue/chains";
import { cancelCalcomBooking } from "./calcom-client";

export const cancelCalcomBookingPayload = z.object({ uid: z.string().min(1), reason: z.string().max(500) });

export const CancelCalcomBooking = defineJob({
  name: "CancelCalcomBooking",
  queue: "bookings",
  payload: cancelCalcomBookingPayload,
  tries: 6,
  backoff: { type: "exponential", base: 5, max: 600 },
  uniqueId: (p) => `calcom-cancel-${p.uid}`,
  async handle(ctx) {
    const outcome = await cancelCalcomBooking(ctx.payload.uid, ctx.payload.reason, ctx.signal);
    await prisma().calcomBooking.updateMany({ where: { uid: ctx.payload.uid, status: { not: "CANCELLED" } }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    return { outcome };
  },
});

export const rollbackBooking = defineChainCatch("appointments.booking.rollback", async ({ chain, step, error, args, logger }) => {
  const { appointmentRequestId } = args as { appointmentRequestId: string };
  const db = prisma();
  logger.error({ appointmentRequestId, failedStep: step.name, error: error.message }, "booking chain failed; rolling back");
  const created = await db.chainStep.findFirst({ where: { chainId: chain.id, jobName: "CreateAppointment", status: "COMPLETED" }, select: { result: true } });
  const appointmentId = (created?.result as { appointmentId?: string } | null)?.appointmentId;
  if (appointmentId) {
    const booking = await db.calcomBooking.findUnique({ where: { appointmentId } });
    if (booking && booking.status !== "CANCELLED") {
      await dispatch(CancelCalcomBooking, { uid: booking.uid, reason: `Booking failed at ${step.name}: ${error.message}`.slice(0, 500) });
    }
    await db.appointment.updateMany({ where: { id: appointmentId, status: { not: "CANCELLED" } }, data: { status: "CANCELLED", cancelledAt: new Date() } });
  }
  await db.appointmentRequest.updateMany({ where: { id: appointmentRequestId, status: { in: ["PENDING", "BOOKED"] } }, data: { status: "REJECTED" } });
});
