import { describe, expect, it } from "vitest";
import { checkPasswordStrength, generatePassword, hashPassword, verifyPassword, WeakPassword } from "./password";

describe("passwords", () => {
  it("hashes with bcrypt and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery", 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
  });

  it.each([
    ["short", "at least 8 characters"],
    ["x".repeat(73), "at most 72 bytes"],
    ["ü".repeat(40), "at most 72 bytes"], // 80 bytes in UTF-8
  ])("refuses %j (%s)", async (password, message) => {
    expect(() => checkPasswordStrength(password)).toThrow(WeakPassword);
    expect(() => checkPasswordStrength(password)).toThrow(message);
    await expect(hashPassword(password, 4)).rejects.toThrow(message);
  });

  it("generates distinct 20-character passwords without look-alike letters", () => {
    const passwords = Array.from({ length: 200 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(200);
    for (const p of passwords) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(() => checkPasswordStrength(passwords[0])).not.toThrow();
  });
});
