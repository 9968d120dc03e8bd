import { describe, expect, it } from "vitest";
import { FULL_BUDGET, toJsonNode } from "./json-node";

describe("toJsonNode", () => {
  it("keeps small values whole, as typed nodes", () => {
    expect(toJsonNode({ a: 1, b: [true, null], c: "<script>" })).toEqual({
      truncated: false,
      node: { t: "obj", entries: [["a", { t: "num", v: 1 }], ["b", { t: "arr", items: [{ t: "bool", v: true }, { t: "null" }] }], ["c", { t: "str", v: "<script>" }]] },
    });
  });

  it.each([
    ["a 5 MB string", { blob: "x".repeat(5 * 1024 * 1024) }, (n: any) => n.entries[0][1].more === 5 * 1024 * 1024 - 2_000],
    ["a 100k-item array", Array.from({ length: 100_000 }, (_, i) => i), (n: any) => n.items.length === 200 && n.more === 99_800],
    ["deep nesting", JSON.parse("[".repeat(50) + "1" + "]".repeat(50)), (n: any) => JSON.stringify(n).includes('"t":"deep"')],
  ])("cuts %s to the budget and says what was left out", (_name, value, check) => {
    const { node, truncated } = toJsonNode(value);
    expect(truncated).toBe(true);
    expect(check(node)).toBe(true);
    expect(JSON.stringify(node).length).toBeLessThan(200_000);
  });

  it("bounds the whole tree, not only each level", () => {
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, Array.from({ length: 200 }, (_, j) => j)]));
    let nodes = 0;
    const count = (n: any): void => {
      nodes++;
      for (const c of n.items ?? []) count(c);
      for (const [, c] of n.entries ?? []) count(c);
    };
    count(toJsonNode(wide).node);
    expect(nodes).toBeLessThanOrEqual(5_001);
  });

  it("keeps everything under the full budget except giant strings", () => {
    const { node, truncated } = toJsonNode({ list: Array.from({ length: 10_000 }, (_, i) => i) }, FULL_BUDGET);
    expect(truncated).toBe(false);
    expect((node as any).entries[0][1].items).toHaveLength(10_000);
  });
});
