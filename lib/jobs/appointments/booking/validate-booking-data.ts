// Step 1 of the booking chain: is the request bookable? Invalid data fails the
// chain at once (permanent), which runs the rollback.
import { prisma } from "../../../db/client";
import { env } from "../../../env";
import { defineJob } from "../../../queue";
import { BookingDataInvalid } from "./booking-errors";
import { bookingPayload, planBooking, type BookingPlan } from "./booking-plan";
import { defaultEventTypeId } from "./event-type";

export const ValidateBookingData = defineJob({
  name: "ValidateBookingData",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [1, 5],
  async handle(ctx): Promise<BookingPlan> {
    const db = prisma();
    const request = await db.appointmentRequest.findUnique({ where: { id: ctx.payload.appointmentRequestId }, include: { call: true } });
    const customerId = request?.customerId ?? request?.call.customerId ?? null;
    const [company, customer] = await Promise.all([
      request ? db.company.findUnique({ where: { id: request.companyId }, select: { active: true } }) : null,
      customerId ? db.customer.findUnique({ where: { id: customerId }, select: { id: true, name: true, email: true, phone: true } }) : null,
    ]);
    const result = planBooking({
      request: request && { ...request, customerId },
      company,
      customer,
      eventTypeId: ctx.payload.eventTypeId ?? defaultEventTypeId(env()),
      now: new Date(),
    });
    if (!result.ok) throw new BookingDataInvalid(`Booking ${ctx.payload.appointmentRequestId}: ${result.reason}`);
    return result.plan;
  },
});
