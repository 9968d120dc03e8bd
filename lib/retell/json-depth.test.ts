import { describe, expect, it } from "vitest";
import { exceedsJsonDepth } from "./json-depth";

describe("exceedsJsonDepth", () => {
  it.each([
    ["{}", 1, false],
    ['{"a":{"b":[1]}}', 3, false],
    ['{"a":{"b":[1]}}', 2, true],
    ["[".repeat(65) + "]".repeat(65), 64, true],
    ["[".repeat(64) + "]".repeat(64), 64, false],
    // Brackets inside strings, escaped quotes included, do not count.
    [JSON.stringify({ t: "[[[[{{{{\\\"[[[[" }), 1, false],
    ['"[[[["', 0, false],
  ])("%s with limit %i → %s", (text, limit, expected) => {
    expect(exceedsJsonDepth(text, limit)).toBe(expected);
  });
});
