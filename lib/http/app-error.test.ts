import { describe, expect, it } from "vitest";
import { BadRequest, NotFound, ServiceUnavailable } from "./app-error";

describe("AppError subclasses", () => {
  it("keep their status and default code", () => {
    expect(new BadRequest("x")).toMatchObject({ status: 400, code: "bad_request" });
    expect(new NotFound("x")).toMatchObject({ status: 404, code: "not_found" });
    expect(new ServiceUnavailable("x")).toMatchObject({ status: 503, code: "service_unavailable" });
  });

  it("let the caller choose a more specific code", () => {
    expect(new BadRequest("x", { code: "payload_invalid" }).code).toBe("payload_invalid");
    expect(new NotFound("x", { code: "batch_not_found" }).code).toBe("batch_not_found");
    expect(new ServiceUnavailable("x", { code: "redis_down" }).code).toBe("redis_down");
  });
});
