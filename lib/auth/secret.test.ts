import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../env";
import { ConfigError } from "../config/config-error";
import { authSecret } from "./secret";
import { sessionCookieName, sessionCookieOptions, useSecureCookies } from "./session-cookie";

const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("authSecret", () => {
  it("is required in production, with a message that says how to fix it", () => {
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: undefined });
    expect(() => authSecret()).toThrow(ConfigError);
    expect(() => authSecret()).toThrow(/NEXTAUTH_SECRET: required in production.*openssl rand -base64 32/);
  });

  it("must be long in production", () => {
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "short" });
    expect(() => authSecret()).toThrow(/at least 32 characters/);
  });

  it("is the configured value otherwise", () => {
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "a".repeat(40) });
    expect(authSecret()).toBe("a".repeat(40));
    withEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: "short-is-fine-in-tests" });
    expect(authSecret()).toBe("short-is-fine-in-tests");
  });

  it("names the bootstrap script when missing in development", () => {
    withEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: undefined });
    expect(() => authSecret()).toThrow(/npm run dev/);
  });
});

describe("session cookie", () => {
  it.each([
    [{ NEXTAUTH_URL: "http://127.0.0.1:3100", SECURE_COOKIES: undefined }, false],
    [{ NEXTAUTH_URL: "https://console.example.com", SECURE_COOKIES: undefined }, true],
    [{ NEXTAUTH_URL: undefined, SECURE_COOKIES: "1" }, true],
    [{ NEXTAUTH_URL: "https://console.example.com", SECURE_COOKIES: "false" }, false],
    [{ NEXTAUTH_URL: undefined, SECURE_COOKIES: undefined }, false],
  ])("%j → secure %s", (vars, secure) => {
    withEnv(vars);
    expect(useSecureCookies()).toBe(secure);
    expect(sessionCookieName()).toBe(secure ? "__Secure-switchyard.session-token" : "switchyard.session-token");
    expect(sessionCookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure });
  });
});
