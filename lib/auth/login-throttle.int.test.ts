// Real Redis: the sliding window of failed sign-ins per email+IP.
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createRedis } from "../redis/connection";
import { reserveAttempt, throttleKey } from "./login-throttle";
import { MAX_FAILURES, WINDOW_MS } from "./throttle-policy";

const redis = createRedis();
afterAll(() => redis.quit());

const email = () => `throttle-${randomUUID()}@example.test`;

describe("login throttle (Redis)", () => {
  it("allows 5 failures a minute per email+IP, then refuses with the wait until the oldest ages out", async () => {
    const e = email();
    const t0 = 1_000_000;
    for (let i = 0; i < MAX_FAILURES; i++) expect((await reserveAttempt(e, "198.51.100.1", redis, t0 + i * 1000)).allowed).toBe(true);
    const refused = await reserveAttempt(e, "198.51.100.1", redis, t0 + 10_000);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50 });
    // Another IP, or another email, has its own window.
    expect((await reserveAttempt(e, "198.51.100.2", redis, t0 + 10_000)).allowed).toBe(true);
    expect((await reserveAttempt(email(), "198.51.100.1", redis, t0 + 10_000)).allowed).toBe(true);
    // Sliding: once the first failure is a minute old, one more attempt is allowed, not five.
    expect((await reserveAttempt(e, "198.51.100.1", redis, t0 + WINDOW_MS + 1)).allowed).toBe(true);
    expect((await reserveAttempt(e, "198.51.100.1", redis, t0 + WINDOW_MS + 2)).allowed).toBe(false);
  });

  it("treats the email case-insensitively and keeps it out of Redis in clear text", async () => {
    const e = email();
    for (let i = 0; i < MAX_FAILURES; i++) await reserveAttempt(e.toUpperCase(), "ip", redis);
    expect((await reserveAttempt(e, "ip", redis)).allowed).toBe(false);
    expect(throttleKey(e, "ip")).not.toContain(e);
  });

  it("clears the window after a successful sign-in", async () => {
    const e = email();
    for (let i = 0; i < MAX_FAILURES - 1; i++) await reserveAttempt(e, "ip", redis);
    const last = await reserveAttempt(e, "ip", redis);
    if (!last.allowed) throw new Error("expected an allowed attempt");
    await last.release();
    for (let i = 0; i < MAX_FAILURES; i++) expect((await reserveAttempt(e, "ip", redis)).allowed).toBe(true);
  });

  it("lets exactly 5 of a parallel burst of 30 through (no check-then-act race)", async () => {
    const e = email();
    const results = await Promise.all(Array.from({ length: 30 }, () => reserveAttempt(e, "203.0.113.9", redis)));
    expect(results.filter((r) => r.allowed)).toHaveLength(MAX_FAILURES);
  });

  it("expires the key with the window, leaving nothing behind", async () => {
    const e = email();
    await reserveAttempt(e, "ip", redis);
    const ttl = await redis.pttl(throttleKey(e, "ip"));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
  });
});
