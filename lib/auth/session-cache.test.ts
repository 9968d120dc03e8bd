import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { decodeSessionCookie } from "./session";
import {
  cachedActiveUser,
  cachedClaims,
  clearSessionCache,
  invalidateSessionUser,
  isExpired,
  SESSION_CACHE_TTL_MS,
  TtlCache,
} from "./session-cache";
import type { ConsoleUser } from "./users";

const SECRET = "unit-test-secret-0123456789-0123456789";
const T0 = Date.UTC(2026, 10, 28, 1, 0, 0);
const alice: ConsoleUser = { id: "u1", email: "alice@example.test", name: null, role: "ADMIN" };

beforeEach(() => {
  clearSessionCache();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe("TtlCache", () => {
  it("forgets an entry at its TTL and never holds more than its bound (least recently used goes)", async () => {
    const cache = new TtlCache<number>(1_000, 3);
    for (const k of ["a", "b", "c"]) cache.set(k, Promise.resolve(1), 0);
    cache.get("a", 10); // a is now the most recently used
    cache.set("d", Promise.resolve(1), 10);
    expect(cache.size).toBe(3);
    expect(["a", "b", "c", "d"].map((k) => cache.get(k, 20) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.get("a", 999)).toBeDefined();
    expect(cache.get("a", 1_000)).toBeUndefined();
  });

  it("drops rejected values and values the caller says not to keep", async () => {
    const cache = new TtlCache<number | null>(1_000, 10);
    await expect(cache.set("boom", Promise.reject(new Error("db down")), 0)).rejects.toThrow("db down");
    await cache.set("null", Promise.resolve(null), 0, { drop: (v) => v === null });
    expect([cache.get("boom", 1), cache.get("null", 1)]).toEqual([undefined, undefined]);
  });
});

describe("isExpired", () => {
  it.each([
    [{ exp: T0 / 1000 + 1 }, false],
    [{ exp: T0 / 1000 }, true],
    [{ exp: T0 / 1000 - 1 }, true],
    [{}, false],
  ])("%j at T0 → %s", (claims, expected) => expect(isExpired(claims, T0)).toBe(expected));
});

describe("cachedClaims", () => {
  it("decodes a cookie once per TTL, sharing one decode among concurrent requests", async () => {
    const decode = vi.fn(async () => ({ sub: "u1", exp: T0 / 1000 + 3600 }));
    await Promise.all(Array.from({ length: 10 }, () => cachedClaims("cookie-a", SECRET, decode)));
    later(SESSION_CACHE_TTL_MS - 1);
    await cachedClaims("cookie-a", SECRET, decode);
    expect(decode).toHaveBeenCalledTimes(1);
    later(1);
    await cachedClaims("cookie-a", SECRET, decode);
    expect(decode).toHaveBeenCalledTimes(2);
  });

  it("never answers with a cookie whose exp has passed, even inside the TTL", async () => {
    const decode = vi.fn(async () => ({ sub: "u1", exp: T0 / 1000 + 1 }));
    expect(await cachedClaims("cookie-b", SECRET, decode)).toMatchObject({ sub: "u1" });
    later(1_000);
    expect(await cachedClaims("cookie-b", SECRET, decode)).toBeNull();
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it("keeps no refused cookie, and no answer decoded under another secret", async () => {
    const refused = vi.fn(async () => null);
    await cachedClaims("forged", SECRET, refused);
    await cachedClaims("forged", SECRET, refused);
    expect(refused).toHaveBeenCalledTimes(2);
    await cachedClaims("cookie-c", SECRET, async () => ({ sub: "u1" }));
    expect(await cachedClaims("cookie-c", "another-secret", async () => null)).toBeNull();
  });

  it("through decodeSessionCookie: a real next-auth cookie that expires inside the TTL is refused", async () => {
    const token = await encode({ token: { sub: "u1" }, secret: SECRET, maxAge: 1 });
    expect(await decodeSessionCookie(token, SECRET)).toMatchObject({ sub: "u1" });
    later(1_000);
    expect(await decodeSessionCookie(token, SECRET)).toBeNull();
  });
});

describe("cachedActiveUser", () => {
  it("looks a user up once per TTL; a change made elsewhere is seen once the TTL has passed", async () => {
    let row: ConsoleUser | null = alice;
    const lookup = vi.fn(async () => row);
    expect(await cachedActiveUser("u1", lookup)).toEqual(alice);
    row = null; // disabled by another process
    later(SESSION_CACHE_TTL_MS - 1);
    expect(await cachedActiveUser("u1", lookup)).toEqual(alice);
    later(1);
    expect(await cachedActiveUser("u1", lookup)).toBeNull();
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it("invalidateSessionUser makes the next request look again at once", async () => {
    let row: ConsoleUser | null = alice;
    const lookup = vi.fn(async () => row);
    await cachedActiveUser("u1", lookup);
    row = { ...alice, role: "VIEWER" };
    invalidateSessionUser("u1");
    expect(await cachedActiveUser("u1", lookup)).toMatchObject({ role: "VIEWER" });
  });

  it("does not remember a database error", async () => {
    const failing = vi.fn(async (): Promise<ConsoleUser | null> => {
      throw new Error("db down");
    });
    await expect(cachedActiveUser("u1", failing)).rejects.toThrow("db down");
    expect(await cachedActiveUser("u1", async () => alice)).toEqual(alice);
  });
});
