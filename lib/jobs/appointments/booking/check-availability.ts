// Step 2: the company has no other appointment in the requested slot.
import { prisma } from "../../../db/client";
import { defineJob } from "../../../queue";
import { chainResults } from "../../../queue/chains";
import { SlotUnavailable } from "./booking-errors";
import { appointmentInterval, bookingPayload, overlaps, planFrom } from "./booking-plan";

/** Appointments longer than this are not expected; it bounds the overlap query. */
const LONGEST_APPOINTMENT_MS = 24 * 3600_000;

export const CheckAvailability = defineJob({
  name: "CheckAvailability",
  queue: "bookings",
  payload: bookingPayload,
  tries: 3,
  backoff: [1, 5],
  async handle(ctx) {
    const plan = planFrom(await chainResults(ctx));
    const wanted = { start: new Date(plan.startsAt), end: new Date(plan.endsAt) };
    const nearby = await prisma().appointment.findMany({
      where: {
        companyId: plan.companyId,
        status: "SCHEDULED",
        startsAt: { gt: new Date(wanted.start.getTime() - LONGEST_APPOINTMENT_MS), lt: wanted.end },
      },
      select: { id: true, startsAt: true, endsAt: true },
    });
    const clash = nearby.find((a) => overlaps(wanted, appointmentInterval(a)));
    if (clash) throw new SlotUnavailable(`Slot ${plan.startsAt}–${plan.endsAt} clashes with appointment ${clash.id}`);
    return { available: true, checked: nearby.length };
  },
});
