// When the console re-copies a batch's live state over its PostgreSQL row (rowIsStale).
import { describe, expect, it } from "vitest";
import { rowIsStale } from "./batch-history";

const row = (version: number, createdAt: number) => ({ version, createdAt: new Date(createdAt) });
const live = (version: number, createdAt: number) => ({ version, record: { createdAt } as never });

describe("rowIsStale", () => {
  it("is true for a higher live version of the same batch, false for the same or a lower one", () => {
    expect(rowIsStale(row(3, 1000), live(4, 1000))).toBe(true);
    expect(rowIsStale(row(4, 1000), live(4, 1000))).toBe(false);
    expect(rowIsStale(row(5, 1000), live(4, 1000))).toBe(false);
  });

  it("is true whatever the versions when the row is an earlier batch of the same id (another createdAt)", () => {
    expect(rowIsStale(row(500, 1000), live(2, 2000))).toBe(true);
  });
});
