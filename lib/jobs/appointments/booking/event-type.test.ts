import { describe, expect, it } from "vitest";
import { defaultEventTypeId, DEVELOPMENT_EVENT_TYPE_ID } from "./event-type";

describe("defaultEventTypeId", () => {
  it("uses CALCOM_EVENT_TYPE_ID when set, in any environment", () => {
    expect(defaultEventTypeId({ CALCOM_EVENT_TYPE_ID: 4711, NODE_ENV: "production" })).toBe(4711);
    expect(defaultEventTypeId({ CALCOM_EVENT_TYPE_ID: 4711, NODE_ENV: "development" })).toBe(4711);
  });

  it("has no fallback in production: the booking fails validation instead of booking a guessed event type", () => {
    expect(defaultEventTypeId({ CALCOM_EVENT_TYPE_ID: undefined, NODE_ENV: "production" })).toBeUndefined();
  });

  it("falls back to the development event type outside production (npm run dev + npm run demo)", () => {
    expect(defaultEventTypeId({ CALCOM_EVENT_TYPE_ID: undefined, NODE_ENV: "development" })).toBe(DEVELOPMENT_EVENT_TYPE_ID);
    expect(defaultEventTypeId({ CALCOM_EVENT_TYPE_ID: undefined, NODE_ENV: "test" })).toBe(DEVELOPMENT_EVENT_TYPE_ID);
  });
});
