import { describe, expect, it } from "vitest";
import { CliUsageError, parseFlushArgs, parseForgetArgs, parseRetryArgs, parseSince } from "./cli-args";

const NOW = Date.UTC(2026, 5, 1, 12);
const UUID = "3f2b8c4e-1d2a-4b5c-9e8f-0a1b2c3d4e5f";

describe("parseRetryArgs", () => {
  it.each<[string, string[], Record<string, unknown>]>([
    ["defaults", [], { limit: 10, dryRun: false, json: false }],
    ["the seed's example", ["--queue=webhooks", "--limit=10", "--dry-run"], { queue: "webhooks", limit: 10, dryRun: true }],
    ["filters", ["--job=ProcessPayment", "--exception=TypeError", "--since=24h"], { jobName: "ProcessPayment", exceptionClass: "TypeError", since: new Date(NOW - 86_400_000) }],
    ["one uuid", [`--uuid=${UUID}`, "--by=ops@askproai"], { uuid: UUID, retriedBy: "ops@askproai" }],
  ])("%s", (_name, argv, expected) => {
    expect(parseRetryArgs(argv, NOW)).toMatchObject(expected);
  });

  it.each<[string, string[], RegExp]>([
    ["zero limit", ["--limit=0"], /--limit/],
    ["non-numeric limit", ["--limit=ten"], /--limit/],
    ["unknown flag", ["--queues=x"], /queues/],
    ["bad uuid", ["--uuid=123"], /--uuid/],
    ["bad since", ["--since=yesterday"], /--since/],
    ["stray positional", ["webhooks"], /unexpected argument/],
  ])("refuses %s", (_name, argv, message) => {
    expect(() => parseRetryArgs(argv, NOW)).toThrow(CliUsageError);
    expect(() => parseRetryArgs(argv, NOW)).toThrow(message);
  });
});

describe("parseSince", () => {
  it.each([
    ["30m", NOW - 1_800_000],
    ["7d", NOW - 7 * 86_400_000],
    ["2026-05-01T00:00:00Z", Date.UTC(2026, 4, 1)],
  ])("%s", (value, expected) => expect(parseSince(value, NOW).getTime()).toBe(expected));
});

describe("parseForgetArgs / parseFlushArgs", () => {
  it("forget needs one uuid", () => {
    expect(parseForgetArgs([UUID])).toEqual({ uuid: UUID });
    expect(() => parseForgetArgs([])).toThrow(CliUsageError);
    expect(() => parseForgetArgs(["nope"])).toThrow(CliUsageError);
  });
  it("flush takes --queue and --hours", () => {
    expect(parseFlushArgs([])).toEqual({ queue: undefined, olderThanHours: undefined });
    expect(parseFlushArgs(["--queue=sms", "--hours=48"])).toEqual({ queue: "sms", olderThanHours: 48 });
    expect(() => parseFlushArgs(["--hours=-1"])).toThrow(CliUsageError);
  });
});
