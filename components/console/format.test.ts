import { describe, expect, it } from "vitest";
import { formatMinutes } from "./format";

describe("formatMinutes", () => {
  it("says a configured window in its largest whole unit", () => {
    expect(formatMinutes(10080)).toBe("7 days");
    expect(formatMinutes(1440)).toBe("1 day");
    expect(formatMinutes(120)).toBe("2 hours");
    expect(formatMinutes(60)).toBe("1 hour");
    expect(formatMinutes(90)).toBe("90 minutes");
    expect(formatMinutes(1)).toBe("1 minute");
    expect(formatMinutes(2880 + 60)).toBe("49 hours");
  });
});
