import { describe, expect, it } from "vitest";
import { planChannels, type ReachableCustomer } from "./channels";

const everyone: ReachableCustomer = { email: "a@b.c", phone: "+491", smsNotifications: true, emailOptOut: false, whatsappOptOut: false };

describe("planChannels", () => {
  it.each([
    ["all reachable", everyone, ["email", "sms", "whatsapp"], []],
    ["no email", { ...everyone, email: null }, ["sms", "whatsapp"], [["email", "no-email"]]],
    ["no phone", { ...everyone, phone: null }, ["email"], [["sms", "no-phone"], ["whatsapp", "no-phone"]]],
    ["sms_notifications off", { ...everyone, smsNotifications: false }, ["email", "whatsapp"], [["sms", "opted-out"]]],
    ["email opt-out", { ...everyone, emailOptOut: true }, ["sms", "whatsapp"], [["email", "opted-out"]]],
    ["whatsapp opt-out", { ...everyone, whatsappOptOut: true }, ["email", "sms"], [["whatsapp", "opted-out"]]],
  ] as const)("%s", (_, customer, send, skipped) => {
    const plan = planChannels(["email", "sms", "whatsapp"], customer);
    expect(plan.send).toEqual(send);
    expect(plan.skipped.map((s) => [s.channel, s.reason])).toEqual(skipped);
  });

  it("does not resend what an earlier attempt delivered, and ignores repeated channels", () => {
    const plan = planChannels(["email", "sms", "sms"], everyone, ["email"]);
    expect(plan.send).toEqual(["sms"]);
    expect(plan.skipped).toEqual([{ channel: "email", reason: "already-sent" }]);
  });
});
