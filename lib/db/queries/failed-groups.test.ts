import { describe, expect, it } from "vitest";
import { chooseGroupShape, KEYED_MIN_VISIBLE } from "./failed-groups";
import type { FailedFilter } from "./failed-jobs";

describe("chooseGroupShape", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  it.each([
    ["no filter, table all-visible", {}, 1, "keyed"],
    ["no filter, never vacuumed", {}, 0, "hashed"],
    ["no filter, at the visibility threshold", {}, KEYED_MIN_VISIBLE, "keyed"],
    ["index columns only: class, group, dates, retried", { exceptionClass: "TimeoutError", errorGroup: "x <n>", from: at, to: at, includeRetried: true }, 0.9, "keyed"],
    ["queue is not in the group index", { queue: "emails" }, 1, "hashed"],
    ["job name is not in the group index", { jobName: "SendSms" }, 1, "hashed"],
    ["text searches the message", { q: "timeout" }, 1, "hashed"],
    ["selected rows", { uuids: [] }, 1, "hashed"],
  ] as [string, FailedFilter, number, string][])("%s", (_name, filter, visible, shape) => {
    expect(chooseGroupShape(filter, visible)).toBe(shape);
  });
});
