import { describe, expect, it } from "vitest";
import { Retell } from "retell-sdk";
import { inspectSignatureHeader, signRetellBody, verifyRetellSignature } from "./signature";

const key = "key_unit_test_0123";
const body = JSON.stringify({ event: "call_started", call: { call_id: "abc" } });

describe("verifyRetellSignature", () => {
  it("accepts a signature made by the official SDK", async () => {
    const header = await Retell.sign(body, key);
    expect(await verifyRetellSignature(body, header, key)).toMatchObject({ ok: true });
  });

  it("our test signer produces what the SDK verifies", async () => {
    expect(await Retell.verify(body, key, signRetellBody(body, key))).toBe(true);
  });

  it.each([
    ["missing", null],
    ["missing", ""],
    ["malformed", "sha256=deadbeef"],
    ["malformed", `v=${Date.now()},d=xyz`],
    ["malformed", `v=${Date.now()},d=${"a".repeat(63)}`],
  ] as const)("refuses a %s header (%s)", async (reason, header) => {
    expect(await verifyRetellSignature(body, header, key)).toEqual({ ok: false, reason });
  });

  it("refuses a signature older than 5 minutes even with the right digest", async () => {
    const old = signRetellBody(body, key, Date.now() - 5 * 60 * 1000 - 1_000);
    expect(await verifyRetellSignature(body, old, key)).toEqual({ ok: false, reason: "expired" });
  });

  it("accepts one 4 minutes old", async () => {
    const recent = signRetellBody(body, key, Date.now() - 4 * 60 * 1000);
    expect((await verifyRetellSignature(body, recent, key)).ok).toBe(true);
  });

  it("refuses a wrong key and a changed body", async () => {
    const header = signRetellBody(body, key);
    expect(await verifyRetellSignature(body, header, "another-key")).toEqual({ ok: false, reason: "mismatch" });
    expect(await verifyRetellSignature(body + " ", header, key)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("awaits the SDK: a promise would be truthy, a wrong digest must still be refused", async () => {
    const forged = `v=${Date.now()},d=${"0".repeat(64)}`;
    const result = await verifyRetellSignature(body, forged, key);
    expect(result.ok).toBe(false);
  });
});

describe("inspectSignatureHeader", () => {
  it("rejects timestamps too far in the future as well", () => {
    const now = 1_700_000_000_000;
    expect(inspectSignatureHeader(`v=${now + 6 * 60_000},d=${"a".repeat(64)}`, now)).toEqual({ ok: false, reason: "expired" });
  });
});
