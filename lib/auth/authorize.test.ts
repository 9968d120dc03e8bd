import { beforeEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_DISABLED, authorizeCredentials, SIGN_IN_UNAVAILABLE, type AuthorizeDeps } from "./authorize";

const USER = { id: "u1", email: "ops@example.test", name: "Ops", role: "ADMIN" as const, disabled: false, passwordHash: "HASH" };

function fakes(overrides: Partial<AuthorizeDeps> = {}) {
  const release = vi.fn(async () => {});
  const deps = {
    reserve: vi.fn(async () => ({ allowed: true as const, release })),
    findUser: vi.fn(async () => USER),
    verify: vi.fn(async (password: string, hash: string) => password === "right-password" && hash === "HASH"),
    recordSignIn: vi.fn(async () => {}),
    ...overrides,
  };
  return { deps: deps satisfies AuthorizeDeps, release };
}

describe("authorizeCredentials", () => {
  let f: ReturnType<typeof fakes>;
  beforeEach(() => {
    f = fakes();
  });

  it("signs in with the right password, clears the failure window and records the time", async () => {
    const user = await authorizeCredentials({ email: " OPS@example.test ", password: "right-password" }, "203.0.113.7", f.deps);
    expect(user).toEqual({ id: "u1", email: "ops@example.test", name: "Ops", role: "ADMIN" });
    expect(f.deps.reserve).toHaveBeenCalledWith("ops@example.test", "203.0.113.7");
    expect(f.release).toHaveBeenCalledOnce();
    expect(f.deps.recordSignIn).toHaveBeenCalledWith("u1");
  });

  it("refuses a wrong password and keeps the attempt counted", async () => {
    expect(await authorizeCredentials({ email: USER.email, password: "guess" }, "ip", f.deps)).toBeNull();
    expect(f.release).not.toHaveBeenCalled();
    expect(f.deps.recordSignIn).not.toHaveBeenCalled();
  });

  it("refuses an unknown email after the same bcrypt work (no timing oracle)", async () => {
    f = fakes({ findUser: vi.fn(async () => null) });
    expect(await authorizeCredentials({ email: "nobody@example.test", password: "right-password" }, "ip", f.deps)).toBeNull();
    expect(f.deps.verify).toHaveBeenCalledOnce();
    expect(vi.mocked(f.deps.verify).mock.calls[0][1]).toMatch(/^\$2[aby]\$12\$/);
  });

  it("tells a disabled user with the right password why, and nobody else", async () => {
    f = fakes({ findUser: vi.fn(async () => ({ ...USER, disabled: true })) });
    await expect(authorizeCredentials({ email: USER.email, password: "right-password" }, "ip", f.deps)).rejects.toThrow(ACCOUNT_DISABLED);
    expect(await authorizeCredentials({ email: USER.email, password: "guess" }, "ip", f.deps)).toBeNull();
    expect(f.release).not.toHaveBeenCalled();
  });

  it("stops before looking at the password once the window is full", async () => {
    f = fakes({ reserve: vi.fn(async () => ({ allowed: false as const, retryAfterSeconds: 37 })) });
    await expect(authorizeCredentials({ email: USER.email, password: "right-password" }, "ip", f.deps)).rejects.toThrow(
      "Too many failed sign-in attempts for this email. Try again in 37 seconds.",
    );
    expect(f.deps.findUser).not.toHaveBeenCalled();
    expect(f.deps.verify).not.toHaveBeenCalled();
  });

  it("says sign-in is unavailable (not 'wrong password') when Redis or PostgreSQL fail", async () => {
    f = fakes({ reserve: vi.fn(async () => Promise.reject(new Error("Connection is closed."))) });
    await expect(authorizeCredentials({ email: USER.email, password: "x" }, "ip", f.deps)).rejects.toThrow(SIGN_IN_UNAVAILABLE);
    f = fakes({ findUser: vi.fn(async () => Promise.reject(new Error("ECONNREFUSED"))) });
    await expect(authorizeCredentials({ email: USER.email, password: "x" }, "ip", f.deps)).rejects.toThrow(SIGN_IN_UNAVAILABLE);
  });

  it("still signs in when recording lastLoginAt fails", async () => {
    f = fakes({ recordSignIn: vi.fn(async () => Promise.reject(new Error("db hiccup"))) });
    expect(await authorizeCredentials({ email: USER.email, password: "right-password" }, "ip", f.deps)).not.toBeNull();
  });

  it.each([undefined, {}, { email: "a@b.c" }, { email: 5, password: "x" }, { email: "a@b.c", password: "" }])(
    "refuses malformed input %j without touching Redis",
    async (input) => {
      expect(await authorizeCredentials(input, "ip", f.deps)).toBeNull();
      expect(f.deps.reserve).not.toHaveBeenCalled();
    },
  );
});
