// Why a booking stops for good. Each extends BullMQ's UnrecoverableError, which the
// runtime treats as permanent: no retry, the chain's catch (rollback) runs at once.
import { UnrecoverableError } from "bullmq";

/** ValidateBookingData refused the request (missing, already booked, in the past, …). */
export class BookingDataInvalid extends UnrecoverableError {
  override readonly name = "BookingDataInvalid";
}

/** The slot is taken (another appointment overlaps, or Cal.com said so). */
export class SlotUnavailable extends UnrecoverableError {
  override readonly name = "SlotUnavailable";
}

/** Cal.com created the booking but did not accept it (e.g. the event type needs manual confirmation). */
export class CalcomBookingNotAccepted extends UnrecoverableError {
  override readonly name = "CalcomBookingNotAccepted";
}

/** Cal.com refused a request in a way a retry cannot fix (4xx other than 409/429). */
export class CalcomRequestRefused extends UnrecoverableError {
  override readonly name = "CalcomRequestRefused";
}
