// Step 6: count the booking in the company's monthly statistics.
import { defineJob } from "../../../queue";
import { chainResults } from "../../../queue/chains";
import { bookingPayload, planFrom } from "./booking-plan";
import { countBooking } from "./booking-stats";

export const UpdateStatistics = defineJob({
  name: "UpdateStatistics",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [1, 5],
  async handle(ctx) {
    const results = await chainResults(ctx);
    const plan = planFrom(results);
    const { appointmentId } = results.CreateAppointment as { appointmentId: string };
    const counted = await countBooking(appointmentId, plan.companyId, new Date(plan.startsAt));
    return { counted };
  },
});
