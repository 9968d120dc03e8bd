import { describe, expect, it } from "vitest";
import { ERROR_GROUP_MAX, errorGroupOf } from "./error-group";

describe("errorGroupOf", () => {
  it.each([
    ["Call 3f2a1b2c-1111-2222-3333-444455556666 not found", "Call <uuid> not found"],
    ["Customer 4711 has no email", "Customer <n> has no email"],
    ["connect ECONNREFUSED 10.0.0.5:5432", "connect ECONNREFUSED <n>.<n>:<n>"],
    ["mail to john.doe+x@example.com bounced", "mail to <email> bounced"],
    ["token abcdef1234567890abc expired after 30.5s", "token <id> expired after <n>s"],
    ['Job "ProcessPayment" payload is invalid', 'Job "…" payload is invalid'],
    ["  many    spaces\tand 7 numbers ", "many spaces and <n> numbers"],
    ["<script>alert(1)</script>", "<script>alert(<n>)</script>"],
    ["ProcessRetellWebhook timed out", "ProcessRetellWebhook timed out"],
  ])("%j → %j", (message, group) => {
    expect(errorGroupOf(message)).toBe(group);
  });

  it("groups messages that differ only in their ids", () => {
    expect(errorGroupOf("Payment 9c5c46d4-a716-4ca5-82e9-a05dea79f351 declined")).toBe(errorGroupOf("Payment 8a1855e3-12c0-43e4-85e6-523ae5ca23f5 declined"));
  });

  it("is bounded", () => {
    expect(errorGroupOf("x ".repeat(5_000)).length).toBeLessThanOrEqual(ERROR_GROUP_MAX);
  });
});
