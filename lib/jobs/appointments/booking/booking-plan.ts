// The booking chain's data and the decisions on it. Pure: the steps load rows,
// these functions say whether and what to book.
import { z } from "zod";

/** Every step of the chain gets the same payload (the seed's `$this->data`). */
export const bookingPayload = z.object({
  appointmentRequestId: z.string().min(1),
  /** Cal.com event type. @defaultValue env CALCOM_EVENT_TYPE_ID (outside production: event-type.ts) */
  eventTypeId: z.number().int().positive().optional(),
});
export type BookingPayload = z.infer<typeof bookingPayload>;

export const DEFAULT_DURATION_MINUTES = 30;
/** AskProAI's customers are in Germany; Cal.com needs the attendee's time zone. */
export const ATTENDEE_TIME_ZONE = "Europe/Berlin";

/** What ValidateBookingData hands to the later steps (its step result). */
export interface BookingPlan {
  appointmentRequestId: string;
  companyId: string;
  customerId: string;
  callId: string;
  service: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  eventTypeId: number;
  attendee: { name: string; email?: string; phoneNumber?: string; timeZone: string };
}

export interface BookingFacts {
  request: {
    id: string; status: string; callId: string; companyId: string; customerId: string | null;
    requestedStartsAt: Date; service: string | null; durationMinutes: number | null;
  } | null;
  company: { active: boolean } | null;
  customer: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  eventTypeId: number | undefined;
  now: Date;
}

export type PlanResult = { ok: true; plan: BookingPlan } | { ok: false; reason: string };

export function planBooking(f: BookingFacts): PlanResult {
  const r = f.request;
  if (!r) return { ok: false, reason: "appointment request not found" };
  if (r.status !== "PENDING") return { ok: false, reason: `appointment request is ${r.status}, not PENDING` };
  if (!f.company?.active) return { ok: false, reason: "company is missing or inactive" };
  if (!f.customer) return { ok: false, reason: "no customer for the request's call" };
  if (!f.customer.email && !f.customer.phone) return { ok: false, reason: "customer has neither email nor phone" };
  if (r.requestedStartsAt.getTime() <= f.now.getTime()) return { ok: false, reason: `requested time ${r.requestedStartsAt.toISOString()} is in the past` };
  if (!f.eventTypeId) return { ok: false, reason: "no Cal.com event type (payload eventTypeId or CALCOM_EVENT_TYPE_ID)" };
  const durationMinutes = r.durationMinutes ?? DEFAULT_DURATION_MINUTES;
  const endsAt = new Date(r.requestedStartsAt.getTime() + durationMinutes * 60_000);
  return {
    ok: true,
    plan: {
      appointmentRequestId: r.id,
      companyId: r.companyId,
      customerId: f.customer.id,
      callId: r.callId,
      service: r.service ?? "Appointment",
      startsAt: r.requestedStartsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      durationMinutes,
      eventTypeId: f.eventTypeId,
      attendee: {
        name: f.customer.name ?? "AskProAI caller",
        ...(f.customer.email ? { email: f.customer.email } : {}),
        ...(f.customer.phone ? { phoneNumber: f.customer.phone } : {}),
        timeZone: ATTENDEE_TIME_ZONE,
      },
    },
  };
}

export interface Interval {
  start: Date;
  end: Date;
}

/** Half-open intervals: one ending at 10:00 does not clash with one starting at 10:00. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** An existing appointment's interval (no end stored → the default length). */
export function appointmentInterval(a: { startsAt: Date; endsAt: Date | null }): Interval {
  return { start: a.startsAt, end: a.endsAt ?? new Date(a.startsAt.getTime() + DEFAULT_DURATION_MINUTES * 60_000) };
}

/** Reads ValidateBookingData's result from the chain's step results. */
export function planFrom(results: Record<string, unknown>): BookingPlan {
  const plan = results.ValidateBookingData as BookingPlan | undefined;
  if (!plan?.appointmentRequestId) throw new Error("booking step ran outside its chain: ValidateBookingData's plan is missing");
  return plan;
}
