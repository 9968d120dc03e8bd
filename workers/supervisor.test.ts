import { describe, expect, it } from "vitest";
import { poolLayout } from "./supervisor";

describe("pool layout", () => {
  it("balance false: one pool over the queues in order", () => {
    expect(poolLayout(["high", "default"], false)).toEqual([{ key: "high,default", fetches: ["high", "default"] }]);
  });
  it("simple/auto: a pool per queue; each takes the queues listed before its own first", () => {
    for (const balance of ["simple", "auto"] as const) {
      expect(poolLayout(["high", "default", "low"], balance)).toEqual([
        { key: "high", fetches: ["high"] },
        { key: "default", fetches: ["high", "default"] },
        { key: "low", fetches: ["high", "default", "low"] },
      ]);
    }
  });
});
