import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { cookieFromHeader, decodeSessionCookie } from "./session";

const SECRET = "unit-test-secret-0123456789-0123456789";

describe("decodeSessionCookie", () => {
  it("returns the claims of a cookie next-auth issued with our secret", async () => {
    const token = await encode({ token: { sub: "u1", email: "a@example.test", role: "ADMIN" }, secret: SECRET });
    expect(await decodeSessionCookie(token, SECRET)).toMatchObject({ sub: "u1", email: "a@example.test", role: "ADMIN" });
  });

  it.each([
    ["missing", async () => undefined],
    ["garbage", async () => "not-a-jwe"],
    ["another secret", async () => encode({ token: { sub: "u1" }, secret: "some-other-secret-0123456789-012345" })],
    ["expired", async () => encode({ token: { sub: "u1" }, secret: SECRET, maxAge: -60 })],
    ["without a subject", async () => encode({ token: { email: "a@example.test" }, secret: SECRET })],
  ])("refuses a %s cookie", async (_name, make) => {
    expect(await decodeSessionCookie(await make(), SECRET)).toBeNull();
  });
});

describe("cookieFromHeader", () => {
  it.each([
    [null, undefined],
    ["", undefined],
    ["a=1; switchyard.session-token=abc.def; b=2", "abc.def"],
    ["switchyard.session-token=a%20b", "a b"],
    ["xswitchyard.session-token=nope", undefined],
    ["switchyard.session-token=%E0%A4%A", "%E0%A4%A"], // malformed escapes are kept as-is
  ])("%j → %j", (header, value) => {
    expect(cookieFromHeader(header, "switchyard.session-token")).toBe(value);
  });
});
