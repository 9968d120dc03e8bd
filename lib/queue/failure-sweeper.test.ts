// Where a failure sweep resumes: never past a job it could not archive.
import { describe, expect, it } from "vitest";
import { nextWatermark } from "./failure-sweeper";

describe("nextWatermark", () => {
  it("stops at the first job still not archived, so the next pass reads it again", () => {
    const seen = [{ score: 10, archived: true }, { score: 12, archived: false }, { score: 15, archived: true }];
    expect(nextWatermark(5, 100, seen, 500)).toBe(12);
  });

  it("moves to the end of the range when every job is archived and the page was not full", () => {
    expect(nextWatermark(5, 100, [{ score: 10, archived: true }], 500)).toBe(100);
    expect(nextWatermark(5, 100, [], 500)).toBe(100);
  });

  it("moves only to the last score read when the page was full (more may follow, or share that score)", () => {
    expect(nextWatermark(5, 100, [{ score: 10, archived: true }, { score: 20, archived: true }], 2)).toBe(20);
  });

  it("never moves back when the range ends before it starts (a clock step back)", () => {
    expect(nextWatermark(50, 40, [], 500)).toBe(50);
  });
});
