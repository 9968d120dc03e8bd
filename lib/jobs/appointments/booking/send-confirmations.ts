// Step 5: confirm the appointment to the caller through SendAppointmentConfirmation
// (emails queue, rate limited) and schedule its SendAppointmentReminder for 24 h
// before the start. Both job ids are unique per appointment (the reminder's per
// appointment and start time), so a re-run of this step cannot send twice.
import { defineJob } from "../../../queue";
import { chainResults } from "../../../queue/chains";
import { SendAppointmentConfirmation } from "../send-appointment-confirmation";
import { scheduleReminder } from "../send-appointment-reminder";
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
    const reminder = await scheduleReminder({ id: appointmentId, customerId: plan.customerId, startsAt: new Date(plan.startsAt) });
    return { confirmationJobId: jobId, reminderJobId: reminder?.jobId ?? null };
  },
});
