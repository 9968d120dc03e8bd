// Step 3: the Appointment row. The request moves PENDING → BOOKED in the same
// transaction, so a re-run (worker died after the commit) finds the request booked
// and returns the appointment it made instead of making a second one.
import { prisma } from "../../../db/client";
import { defineJob } from "../../../queue";
import { chainResults } from "../../../queue/chains";
import { BookingDataInvalid } from "./booking-errors";
import { bookingPayload, planFrom } from "./booking-plan";

export const CreateAppointment = defineJob({
  name: "CreateAppointment",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [1, 5],
  async handle(ctx) {
    const plan = planFrom(await chainResults(ctx));
    const slot = { companyId: plan.companyId, customerId: plan.customerId, callId: plan.callId, startsAt: new Date(plan.startsAt) };
    const appointmentId = await prisma().$transaction(async (tx) => {
      const claimed = await tx.appointmentRequest.updateMany({ where: { id: plan.appointmentRequestId, status: "PENDING" }, data: { status: "BOOKED" } });
      if (claimed.count === 1) {
        const created = await tx.appointment.create({
          data: { ...slot, service: plan.service, endsAt: new Date(plan.endsAt), status: "SCHEDULED" },
          select: { id: true },
        });
        return created.id;
      }
      const mine = await tx.appointment.findFirst({ where: slot, orderBy: { createdAt: "asc" }, select: { id: true } });
      if (!mine) throw new BookingDataInvalid(`Appointment request ${plan.appointmentRequestId} was booked by someone else`);
      return mine.id;
    });
    return { appointmentId };
  },
});
