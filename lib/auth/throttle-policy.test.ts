import { describe, expect, it } from "vitest";
import { clientAddress, MAX_FAILURES, retryAfterSeconds, throttledMessage, WINDOW_MS } from "./throttle-policy";

describe("throttle policy", () => {
  it("allows 5 failures per sliding minute", () => {
    expect(MAX_FAILURES).toBe(5);
    expect(WINDOW_MS).toBe(60_000);
  });

  it.each([
    // oldest failure, now, seconds until it ages out
    [0, 0, 60],
    [0, 1, 60],
    [0, 1_000, 59],
    [0, 59_001, 1],
    [0, 60_000, 1], // never "0 seconds"
  ])("oldest %i, now %i → %i s", (oldest, now, seconds) => {
    expect(retryAfterSeconds(oldest, now)).toBe(seconds);
  });

  it("says what happened and how long to wait", () => {
    expect(throttledMessage(42)).toBe("Too many failed sign-in attempts for this email. Try again in 42 seconds.");
    expect(throttledMessage(1)).toContain("1 second.");
  });

  it.each([
    [{ "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    // A reverse proxy appends what it saw; a client can only forge the entries before it.
    [{ "x-forwarded-for": "1.1.1.1, 203.0.113.7" }, "203.0.113.7"],
    [{ "x-real-ip": "198.51.100.2" }, "198.51.100.2"],
    [{ "x-forwarded-for": "::1" }, "::1"],
    [{}, "unknown"],
  ])("client address of %j is %s", (headers, expected) => {
    expect(clientAddress(new Headers(headers))).toBe(expected);
  });
});
