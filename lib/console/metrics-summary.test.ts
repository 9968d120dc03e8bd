import { describe, expect, it } from "vitest";
import { weightedQuantile } from "./metrics-summary";

describe("weightedQuantile", () => {
  it.each([
    [[{ value: 10, weight: 1 }], 0.95, 10],
    [[{ value: 10, weight: 94 }, { value: 500, weight: 6 }], 0.95, 500],
    [[{ value: 10, weight: 96 }, { value: 500, weight: 4 }], 0.95, 10],
    [[{ value: 999, weight: 0 }, { value: 5, weight: 3 }], 0.95, 5],
    [[], 0.95, 0],
  ])("%j at %f → %i", (points, q, expected) => {
    expect(weightedQuantile(points, q)).toBe(expected);
  });
});
