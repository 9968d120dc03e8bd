import { describe, expect, it } from "vitest";
import { oncePer } from "./once-per";

describe("oncePer", () => {
  it("opens on the first call, stays shut for the period, opens again after it", () => {
    let now = 1_000;
    const gate = oncePer(60_000, () => now);
    expect(gate()).toBe(true);
    now += 59_999;
    expect(gate()).toBe(false);
    now += 1;
    expect(gate()).toBe(true);
    expect(gate()).toBe(false);
  });
});
