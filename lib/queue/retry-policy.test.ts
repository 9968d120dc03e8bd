import { describe, expect, it } from "vitest";
import { decideAfterFailure, decideAfterRelease, mayStart, type FailureDecision, type FailureFacts } from "./retry-policy";

const base: FailureFacts = { attempt: 1, tries: 3, exceptions: 1, now: 1_000_000, permanent: false, shouldRetry: true, delayMs: 500 };

describe("decideAfterFailure", () => {
  it.each<[string, Partial<FailureFacts>, FailureDecision]>([
    ["first of 3 tries → retry after the backoff", {}, { action: "retry", delayMs: 500 }],
    ["second of 3 → retry", { attempt: 2, exceptions: 2 }, { action: "retry", delayMs: 500 }],
    ["third of 3 → fail, tries used up", { attempt: 3, exceptions: 3 }, { action: "fail", reason: "max_tries" }],
    ["tries 1 → fail at once", { tries: 1 }, { action: "fail", reason: "max_tries" }],
    ["tries 0 = unlimited", { tries: 0, attempt: 500, exceptions: 500 }, { action: "retry", delayMs: 500 }],
    ["permanent error → fail even with tries left", { permanent: true }, { action: "fail", reason: "permanent" }],
    ["shouldRetry false → fail", { shouldRetry: false }, { action: "fail", reason: "should_retry_declined" }],
    ["maxExceptions reached → fail before tries", { tries: 25, maxExceptions: 3, exceptions: 3, attempt: 10 }, { action: "fail", reason: "max_exceptions" }],
    ["maxExceptions not reached (releases raised attempt) → retry", { tries: 25, maxExceptions: 3, exceptions: 2, attempt: 10 }, { action: "retry", delayMs: 500 }],
    ["retryUntil in the future ignores tries (Laravel)", { tries: 1, attempt: 7, retryUntil: 1_000_000 + 60_000 }, { action: "retry", delayMs: 500 }],
    ["retryUntil: retry would start after the deadline → fail", { retryUntil: 1_000_000 + 400 }, { action: "fail", reason: "retry_until_passed" }],
    ["retryUntil already passed → fail", { retryUntil: 999_000 }, { action: "fail", reason: "retry_until_passed" }],
    ["maxExceptions still applies with retryUntil", { retryUntil: 2_000_000, maxExceptions: 2, exceptions: 2 }, { action: "fail", reason: "max_exceptions" }],
    ["negative delay hint is clamped", { delayMs: -5 }, { action: "retry", delayMs: 0 }],
    ["permanent wins over everything", { permanent: true, shouldRetry: false, tries: 0 }, { action: "fail", reason: "permanent" }],
  ])("%s", (_name, facts, expected) => {
    expect(decideAfterFailure({ ...base, ...facts })).toEqual(expected);
  });
});

describe("decideAfterRelease", () => {
  it.each<[string, Parameters<typeof decideAfterRelease>[0], FailureDecision]>([
    ["release with attempts left", { attempt: 1, tries: 3, now: 0, delayMs: 100 }, { action: "retry", delayMs: 100 }],
    ["release on the last attempt → max_tries", { attempt: 3, tries: 3, now: 0, delayMs: 100 }, { action: "fail", reason: "max_tries" }],
    ["unlimited tries", { attempt: 99, tries: 0, now: 0, delayMs: 100 }, { action: "retry", delayMs: 100 }],
    ["deadline before the release ends", { attempt: 1, tries: 3, now: 0, delayMs: 100, retryUntil: 50 }, { action: "fail", reason: "retry_until_passed" }],
  ])("%s", (_name, facts, expected) => {
    expect(decideAfterRelease(facts)).toEqual(expected);
  });
});

describe("mayStart", () => {
  it.each([
    [undefined, 5, true],
    [10, 5, true],
    [10, 10, false],
    [10, 11, false],
  ] as const)("retryUntil %s at %s → %s", (until, now, expected) => {
    expect(mayStart(until, now)).toBe(expected);
  });
});
