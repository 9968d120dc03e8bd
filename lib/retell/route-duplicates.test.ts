import { describe, expect, it } from "vitest";
import { duplicatesIn, mayHaveMissed } from "./route-duplicates";

describe("duplicatesIn", () => {
  it("counts BullMQ's duplicated events per Retell webhook id and ignores everything else", () => {
    const counts = duplicatesIn([
      ["1-0", ["event", "added", "jobId", "retell-a-call_started", "name", "ProcessRetellWebhook"]],
      ["2-0", ["event", "duplicated", "jobId", "retell-a-call_started"]],
      ["3-0", ["event", "duplicated", "jobId", "retell-a-call_started"]],
      ["4-0", ["jobId", "retell-b-call_ended", "event", "duplicated"]],
      ["5-0", ["event", "duplicated", "jobId", "some-other-job"]],
      ["6-0", ["event", "waiting", "jobId", "retell-b-call_ended"]],
    ]);
    expect(Object.fromEntries(counts)).toEqual({ "retell-a-call_started": 2, "retell-b-call_ended": 1 });
  });

  it("finds nothing in an empty page", () => {
    expect(duplicatesIn([]).size).toBe(0);
  });
});

describe("mayHaveMissed", () => {
  it("is false on the first run and while the cursor is still in the stream", () => {
    expect(mayHaveMissed("0-0", "1700000000000-0")).toBe(false);
    expect(mayHaveMissed("1700000000000-5", "1700000000000-5")).toBe(false);
    expect(mayHaveMissed("1700000000000-5", "1699999999999-9")).toBe(false);
    expect(mayHaveMissed("1700000000000-5", undefined)).toBe(false);
  });

  it("is true once the stream's oldest entry is past the cursor", () => {
    expect(mayHaveMissed("1700000000000-5", "1700000000000-6")).toBe(true);
    expect(mayHaveMissed("1700000000000-5", "1700000000001-0")).toBe(true);
  });
});
