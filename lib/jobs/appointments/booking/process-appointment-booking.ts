// ProcessAppointmentBooking (the seed's job): books one appointment request through
// the six-step chain on the `bookings` queue, rolling back on failure.
// Dispatch it with the request's id once the request is recorded.
import { defineJob } from "../../../queue";
import { chain, chainStep } from "../../../queue/chains";
import { bookingPayload, type BookingPayload } from "./booking-plan";
import { CheckAvailability } from "./check-availability";
import { CreateAppointment } from "./create-appointment";
import { CreateCalcomBooking } from "./create-calcom-booking";
import { rollbackBooking } from "./rollback-booking";
import { SendConfirmations } from "./send-confirmations";
import { UpdateStatistics } from "./update-statistics";
import { ValidateBookingData } from "./validate-booking-data";

export const BOOKING_STEPS = [ValidateBookingData, CheckAvailability, CreateAppointment, CreateCalcomBooking, SendConfirmations, UpdateStatistics] as const;

/** The chain for one request; its id is fixed per booking job, so a re-run starts no second chain. */
export function bookingChain(data: BookingPayload, chainId?: string) {
  return chain(BOOKING_STEPS.map((step) => chainStep(step, data)), {
    id: chainId,
    name: `Appointment booking ${data.appointmentRequestId}`,
    queue: "bookings",
    connection: "redis",
    catch: { name: rollbackBooking, args: { appointmentRequestId: data.appointmentRequestId } },
  });
}

export const ProcessAppointmentBooking = defineJob({
  name: "ProcessAppointmentBooking",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [5, 30],
  uniqueId: (p) => `appointment-booking-${p.appointmentRequestId}`,
  tags: (p) => [`appointment-request:${p.appointmentRequestId}`],
  async handle(ctx) {
    const started = await bookingChain(ctx.payload, `booking-${ctx.jobId}`.replace(/[^\w-]/g, "_")).dispatch();
    ctx.logger.info({ chainId: started.id, created: started.created }, "booking chain dispatched");
    return { chainId: started.id, jobIds: started.jobIds };
  },
});
