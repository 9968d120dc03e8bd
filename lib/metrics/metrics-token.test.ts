import { describe, expect, it } from "vitest";
import { checkScrapeToken } from "./metrics-token";

describe("checkScrapeToken", () => {
  it.each([
    [null, undefined, "not_found"],
    ["Bearer anything", undefined, "not_found"],
    [null, "s3cret", "unauthorized"],
    ["Basic czNjcmV0", "s3cret", "unauthorized"],
    ["Bearer wrong", "s3cret", "unauthorized"],
    ["Bearer s3cret-longer", "s3cret", "unauthorized"],
    ["Bearer s3cret", "s3cret", "allowed"],
    ["bearer s3cret", "s3cret", "allowed"],
  ] as const)("%s with token %s → %s", (header, token, verdict) => {
    expect(checkScrapeToken(header, token)).toBe(verdict);
  });
});
