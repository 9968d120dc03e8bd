import { describe, expect, it } from "vitest";
import { billableMinutes, monthRange, monthlyCharges, previousMonth } from "./monthly-charges";

describe("billableMinutes", () => {
  it.each([
    [null, 0], [0, 0], [-5, 0], [1, 1], [59_999, 1], [60_000, 1], [60_001, 2], [600_000, 10],
  ])("%s ms → %s min", (ms, min) => expect(billableMinutes(ms)).toBe(min));
});

describe("monthRange / previousMonth", () => {
  it("is the UTC calendar month, end exclusive", () => {
    expect(monthRange("2026-02")).toEqual({ start: new Date("2026-02-01T00:00:00Z"), end: new Date("2026-03-01T00:00:00Z") });
    expect(monthRange("2026-12").end).toEqual(new Date("2027-01-01T00:00:00Z"));
  });
  it("refuses a malformed month", () => {
    expect(() => monthRange("2026-13")).toThrow(/YYYY-MM/);
    expect(() => monthRange("26-01")).toThrow(/YYYY-MM/);
  });
  it.each([
    ["2026-01-01T00:00:00Z", "2025-12"], ["2026-03-31T23:59:59Z", "2026-02"], ["2026-11-15T12:00:00Z", "2026-10"],
  ])("previousMonth(%s) = %s", (now, month) => expect(previousMonth(new Date(now))).toBe(month));
});

describe("monthlyCharges", () => {
  it("bills started minutes per call and a fee per appointment", () => {
    const charges = monthlyCharges([{ durationMs: 61_000 }, { durationMs: 30_000 }, { durationMs: null }], 2);
    expect(charges).toEqual({
      callCount: 3, callMinutes: 3, callChargeCents: 36, appointmentCount: 2, appointmentChargeCents: 300, totalCents: 336, currency: "EUR",
    });
  });
  it("is zero for a quiet month", () => {
    expect(monthlyCharges([], 0).totalCents).toBe(0);
  });
});
