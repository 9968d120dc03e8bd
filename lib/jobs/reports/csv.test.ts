import { describe, expect, it } from "vitest";
import { csvCell, csvLine, monthRange, previousMonth } from "./csv";

describe("csv", () => {
  it.each([
    [null, ""],
    [42, "42"],
    [true, "true"],
    ["plain", "plain"],
    ['say "hi"', '"say ""hi"""'],
    ["a,b", '"a,b"'],
    ["line\nbreak", '"line\nbreak"'],
    ["=SUM(A1)", `"'=SUM(A1)"`],
    ["+1+cmd|' /C calc'!A0", `"'+1+cmd|' /C calc'!A0"`],
    ["+4915112345678", "+4915112345678"],
    ["-42", "-42"],
    [new Date("2026-12-01T00:00:00Z"), "2026-12-01T00:00:00.000Z"],
  ] as const)("cell %j → %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("ends lines with CRLF", () => {
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("month ranges are UTC and cross years", () => {
    expect(monthRange("2026-12")).toEqual({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") });
    expect(() => monthRange("2026-13")).toThrow(/YYYY-MM/);
    expect(previousMonth(new Date("2027-01-15T00:00:00Z"))).toBe("2026-12");
  });
});
