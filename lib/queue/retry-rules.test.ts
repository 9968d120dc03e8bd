import { describe, expect, it } from "vitest";
import { retrySkipReason, type RetryCandidate } from "./retry-rules";

const row: RetryCandidate = { exceptionClass: "Error", failReason: "max_tries", attempts: 3, retriedAt: null };

describe("retrySkipReason (seed ProcessFailedJobs::shouldRetry)", () => {
  it.each<[string, Partial<RetryCandidate>, ReturnType<typeof retrySkipReason>]>([
    ["ordinary failure is retried", {}, null],
    ["validation error is permanent", { exceptionClass: "ZodError" }, "permanent_failure"],
    ["ValidationException is permanent", { exceptionClass: "ValidationException" }, "permanent_failure"],
    ["failReason permanent (UnrecoverableError)", { failReason: "permanent" }, "permanent_failure"],
    ["9 attempts still retried", { attempts: 9 }, null],
    ["10 attempts skipped", { attempts: 10 }, "too_many_attempts"],
    ["already retried", { retriedAt: new Date() }, "already_retried"],
  ])("%s", (_name, patch, expected) => {
    expect(retrySkipReason({ ...row, ...patch })).toBe(expected);
  });
});
