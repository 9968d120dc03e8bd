import { describe, expect, it } from "vitest";
import { appointmentInterval, overlaps, planBooking, type BookingFacts } from "./booking-plan";

const now = new Date("2026-11-27T10:00:00Z");
const base: BookingFacts = {
  request: {
    id: "req1", status: "PENDING", callId: "call1", companyId: "co1", customerId: "cu1",
    requestedStartsAt: new Date("2026-12-01T09:00:00Z"), service: "Haircut", durationMinutes: 45,
  },
  company: { active: true },
  customer: { id: "cu1", name: "Ada", email: "ada@example.test", phone: null },
  eventTypeId: 7,
  now,
};

describe("planBooking", () => {
  it("plans a valid request", () => {
    const result = planBooking(base);
    expect(result).toEqual({
      ok: true,
      plan: expect.objectContaining({
        startsAt: "2026-12-01T09:00:00.000Z", endsAt: "2026-12-01T09:45:00.000Z", durationMinutes: 45, eventTypeId: 7,
        attendee: { name: "Ada", email: "ada@example.test", timeZone: "Europe/Berlin" },
      }),
    });
  });

  it.each<[string, Partial<BookingFacts>, RegExp]>([
    ["missing request", { request: null }, /not found/],
    ["already booked", { request: { ...base.request!, status: "BOOKED" } }, /BOOKED/],
    ["inactive company", { company: { active: false } }, /inactive/],
    ["no customer", { customer: null }, /no customer/],
    ["no contact", { customer: { id: "cu1", name: null, email: null, phone: null } }, /neither email nor phone/],
    ["past time", { request: { ...base.request!, requestedStartsAt: new Date("2026-11-27T09:59:00Z") } }, /in the past/],
    ["no event type", { eventTypeId: undefined }, /event type/],
  ])("refuses %s", (_, patch, reason) => {
    const result = planBooking({ ...base, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("defaults the length to 30 minutes and names an anonymous caller", () => {
    const result = planBooking({ ...base, request: { ...base.request!, durationMinutes: null }, customer: { id: "cu1", name: null, email: null, phone: "+4930123" } });
    expect(result.ok && result.plan.endsAt).toBe("2026-12-01T09:30:00.000Z");
    expect(result.ok && result.plan.attendee).toEqual({ name: "AskProAI caller", phoneNumber: "+4930123", timeZone: "Europe/Berlin" });
  });
});

describe("overlaps", () => {
  const at = (h: number, m = 0) => new Date(Date.UTC(2026, 11, 1, h, m));
  it.each([
    [at(9), at(10), at(10), at(11), false],
    [at(9), at(10), at(9, 59), at(11), true],
    [at(9), at(12), at(10), at(11), true],
    [at(10), at(11), at(9), at(10), false],
  ])("[%s,%s) vs [%s,%s) → %s", (s1, e1, s2, e2, expected) => {
    expect(overlaps({ start: s1, end: e1 }, { start: s2, end: e2 })).toBe(expected);
  });
  it("gives an appointment without end the default length", () => {
    expect(appointmentInterval({ startsAt: at(9), endsAt: null }).end).toEqual(at(9, 30));
  });
});
