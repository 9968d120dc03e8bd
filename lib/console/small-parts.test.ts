// The console's small pure helpers: cursors, queue discovery keys, poll delays, coalescing.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pollDelay, HIDDEN_FACTOR, POLL_MS } from "../api-client/live";
import { coalesce } from "./coalesce";
import { decodeCursor, encodeCursor, InvalidCursor } from "./cursor";
import { queueFromMetaKey } from "./queue-list";

describe("cursors", () => {
  const schema = z.object({ o: z.number(), a: z.string() });
  it("round-trip and refuse tampering", () => {
    expect(decodeCursor(encodeCursor({ o: 25, a: "17" }), schema)).toEqual({ o: 25, a: "17" });
    expect(decodeCursor(undefined, schema)).toBeNull();
    expect(() => decodeCursor("bm90IGpzb24", schema)).toThrow(InvalidCursor);
    expect(() => decodeCursor(encodeCursor({ o: "x" }), schema)).toThrow(InvalidCursor);
  });
});

describe("queueFromMetaKey", () => {
  it.each([
    ["switchyard:emails:meta", "emails"],
    ["switchyard:legacy-imports:meta", "legacy-imports"],
    ["switchyard:workers:x:meta", null],
    ["other:emails:meta", null],
    ["switchyard:emails:id", null],
  ])("%s → %s", (key, queue) => {
    expect(queueFromMetaKey(key, "switchyard")).toBe(queue);
  });
});

describe("pollDelay", () => {
  it("polls slower while the tab is hidden", () => {
    expect(pollDelay("visible")).toBe(POLL_MS);
    expect(pollDelay("hidden")).toBe(POLL_MS * HIDDEN_FACTOR);
    expect(pollDelay(undefined, 2_000)).toBe(2_000);
  });
});

describe("coalesce", () => {
  it("shares one running computation between identical reads, and computes afresh afterwards", async () => {
    let runs = 0;
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++runs), 20));
    const results = await Promise.all(Array.from({ length: 10 }, () => coalesce("k", slow)));
    expect(results).toEqual(Array(10).fill(1));
    expect(await coalesce("k", slow)).toBe(2);
  });
});
