import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BadRequest, ServiceUnavailable } from "../http/app-error";
import { isServiceUnavailable, isValidationError, retryPolicies } from "./retry-policies";

class ValidationException extends Error {}
class ServiceUnavailableException extends Error {}
const zodError = z.object({ a: z.string() }).safeParse({}).error!;

describe("seed retry policy (RetryableJob::shouldRetry)", () => {
  it.each<[string, Error, number, boolean]>([
    ["ZodError fails at once", zodError, 1, false],
    ["ValidationException class fails at once", new ValidationException("bad"), 1, false],
    ["400 AppError is validation", new BadRequest("bad"), 1, false],
    ["ServiceUnavailable retried after attempt 1", new ServiceUnavailable("down"), 1, true],
    ["ServiceUnavailable not after attempt 2", new ServiceUnavailable("down"), 2, false],
    ["ServiceUnavailableException class, attempt 2", new ServiceUnavailableException("down"), 2, false],
    ["other errors always retried", new Error("flaky"), 9, true],
  ])("%s", (_name, error, attempt, expected) => {
    expect(retryPolicies.seed(error, attempt)).toBe(expected);
  });

  it("composes policies with all()", () => {
    const p = retryPolicies.all(retryPolicies.failFastOnValidation, retryPolicies.serviceUnavailableAtMost(3));
    expect(p(new ServiceUnavailable("x"), 2)).toBe(true);
    expect(p(new ServiceUnavailable("x"), 3)).toBe(false);
    expect(p(zodError, 1)).toBe(false);
  });

  it("classifies", () => {
    expect(isValidationError(new Error("x"))).toBe(false);
    expect(isServiceUnavailable(Object.assign(new Error("x"), { name: "ServiceUnavailable" }))).toBe(true);
  });
});
