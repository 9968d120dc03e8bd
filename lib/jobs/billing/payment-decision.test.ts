import { describe, expect, it } from "vitest";
import { paymentDecision } from "./payment-decision";

const ok = { status: "PENDING", amountCents: 4_900, currency: "EUR", companyActive: true };

describe("paymentDecision", () => {
  it.each([
    ["pending, valid → settle", ok, "settle"],
    ["already succeeded → skip", { ...ok, status: "SUCCEEDED" }, "skip"],
    ["already failed → skip", { ...ok, status: "FAILED" }, "skip"],
    ["zero amount → decline", { ...ok, amountCents: 0 }, "decline"],
    ["negative amount → decline", { ...ok, amountCents: -5 }, "decline"],
    ["unknown currency → decline", { ...ok, currency: "XYZ" }, "decline"],
    ["inactive company → decline", { ...ok, companyActive: false }, "decline"],
  ] as const)("%s", (_, facts, action) => {
    expect(paymentDecision(facts).action).toBe(action);
  });
});
