// Step 4: the booking at Cal.com. The booking is recorded (CalcomBooking) as soon as
// Cal.com answers — before anything else can fail — so the rollback can cancel it,
// and a re-run of this step reuses it instead of booking twice. A booking Cal.com did
// not accept (e.g. it waits for manual confirmation) fails the chain: the caller was
// promised a confirmed slot.
import { prisma } from "../../../db/client";
import { defineJob } from "../../../queue";
import { chainResults, chainOfJob } from "../../../queue/chains";
import { CalcomBookingNotAccepted } from "./booking-errors";
import { bookingPayload, planFrom } from "./booking-plan";
import { createCalcomBooking } from "./calcom-client";

export const CreateCalcomBooking = defineJob({
  name: "CreateCalcomBooking",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [2, 10],
  timeout: 30,
  async handle(ctx) {
    const results = await chainResults(ctx);
    const plan = planFrom(results);
    const { appointmentId } = results.CreateAppointment as { appointmentId: string };
    const db = prisma();
    let booking = await db.calcomBooking.findUnique({ where: { appointmentId } });
    if (!booking) {
      const answer = await createCalcomBooking({
        start: new Date(plan.startsAt),
        eventTypeId: plan.eventTypeId,
        lengthInMinutes: plan.durationMinutes,
        attendee: plan.attendee,
        metadata: { appointmentId, appointmentRequestId: plan.appointmentRequestId, companyId: plan.companyId },
      }, ctx.signal);
      const status = answer.status === "accepted" ? "ACCEPTED" : answer.status === "pending" ? "PENDING" : "CANCELLED";
      booking = await db.calcomBooking.create({
        data: { appointmentId, uid: answer.uid, status, chainId: ctx.bullJob ? chainOfJob(ctx.bullJob)?.id : undefined },
      });
    }
    if (booking.status !== "ACCEPTED") {
      throw new CalcomBookingNotAccepted(`Cal.com booking ${booking.uid} is ${booking.status.toLowerCase()}, not accepted`);
    }
    return { calcomBookingUid: booking.uid };
  },
});
