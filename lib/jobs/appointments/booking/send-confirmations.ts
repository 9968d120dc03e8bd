// Step 5: confirm the appointment to the caller through SendAppointmentConfirmation
// (emails queue, rate limited). Its job id is unique per appointment, so a re-run
// of this step cannot send twice.
import { defineJob } from "../../../queue";
import { chainResults } from "../../../queue/chains";
import { SendAppointmentConfirmation } from "../send-appointment-confirmation";
import { bookingPayload, planFrom } from "./booking-plan";

export const SendConfirmations = defineJob({
  name: "SendConfirmations",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [1, 5],
  async handle(ctx) {
    const results = await chainResults(ctx);
    const plan = planFrom(results);
    const { appointmentId } = results.CreateAppointment as { appointmentId: string };
    const jobId = await ctx.dispatch(SendAppointmentConfirmation, { appointmentId, customerId: plan.customerId, channels: ["email", "sms"] });
    return { confirmationJobId: jobId };
  },
});
