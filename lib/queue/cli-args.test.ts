import { describe, expect, it } from "vitest";
import { CliUsageError, parseFlushArgs, parseForgetArgs, parseRetryArgs, parseSince, PROGRESS_BAR_FROM, wantsProgressBar } from "./cli-args";

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

describe("wantsProgressBar (queue:retry-failed)", () => {
  it.each<[string, { json: boolean; stderrIsTTY: boolean | undefined; total: number }, boolean]>([
    ["a terminal, a large run", { json: false, stderrIsTTY: true, total: 500 }, true],
    ["exactly the threshold", { json: false, stderrIsTTY: true, total: 20 }, true],
    ["one row short of it", { json: false, stderrIsTTY: true, total: 19 }, false],
    ["--json (output for a program)", { json: true, stderrIsTTY: true, total: 500 }, false],
    ["stderr piped or redirected", { json: false, stderrIsTTY: false, total: 500 }, false],
    ["stderr not a stream Node knows (isTTY undefined)", { json: false, stderrIsTTY: undefined, total: 500 }, false],
    ["nothing to do", { json: false, stderrIsTTY: true, total: 0 }, false],
  ])("%s → %s", (_name, run, expected) => {
    expect(wantsProgressBar(run)).toBe(expected);
  });

  it("the threshold is 20 rows", () => {
    expect(PROGRESS_BAR_FROM).toBe(20);
  });
});
