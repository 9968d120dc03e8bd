import { describe, expect, it } from "vitest";
import { REMINDER_LEAD_MS, reminderDecision, reminderDelayMs, reminderJobId } from "./reminder-schedule";

const now = new Date("2026-12-01T08:00:00Z");
const hours = (h: number) => h * 60 * 60 * 1000;

describe("reminderDelayMs", () => {
  it.each([
    ["3 days ahead → runs 2 days from now", hours(72), hours(48)],
    ["exactly 24 h ahead → now", hours(24), 0],
    ["25 h ahead → in 1 h", hours(25), hours(1)],
    ["2 h ahead → at once", hours(2), 0],
  ])("%s", (_, ahead, expected) => {
    expect(reminderDelayMs(new Date(now.getTime() + ahead), now)).toBe(expected);
  });

  it("is null for an appointment that has started", () => {
    expect(reminderDelayMs(now, now)).toBeNull();
    expect(reminderDelayMs(new Date(now.getTime() - 1), now)).toBeNull();
  });

  it("lands exactly 24 h before the start", () => {
    const startsAt = new Date("2026-12-10T14:30:00Z");
    expect(now.getTime() + reminderDelayMs(startsAt, now)!).toBe(startsAt.getTime() - REMINDER_LEAD_MS);
  });
});

describe("reminderDecision", () => {
  const startsAt = new Date("2026-12-03T10:00:00Z");
  const base = { status: "SCHEDULED", startsAt, reminderSentAt: null };
  it.each([
    ["scheduled → send", base, { send: true }],
    ["missing", null, { send: false, reason: "missing" }],
    ["cancelled", { ...base, status: "CANCELLED" }, { send: false, reason: "cancelled" }],
    ["moved", { ...base, startsAt: new Date("2026-12-04T10:00:00Z") }, { send: false, reason: "moved" }],
    ["already sent", { ...base, reminderSentAt: now }, { send: false, reason: "already-sent" }],
  ] as const)("%s", (_, appointment, expected) => {
    expect(reminderDecision(appointment, startsAt, now)).toEqual(expected);
  });

  it("a moved appointment gets a different reminder job id", () => {
    expect(reminderJobId("a1", startsAt)).not.toBe(reminderJobId("a1", new Date(startsAt.getTime() + 1)));
  });
});
