import { describe, expect, it } from "vitest";
import { readAppointmentRequest } from "./appointment-request";

describe("readAppointmentRequest", () => {
  it.each([undefined, null, "text", {}, { appointment_request: null }, { appointment_request: false }])("none for %j", (data) => {
    expect(readAppointmentRequest(data)).toEqual({ kind: "none" });
  });

  it("reads a complete request", () => {
    const data = { appointment_request: { starts_at: "2026-12-03T10:00:00+01:00", service: "Haircut", duration_minutes: 30 } };
    expect(readAppointmentRequest(data)).toEqual({
      kind: "request",
      request: { starts_at: "2026-12-03T10:00:00+01:00", service: "Haircut", duration_minutes: 30 },
    });
  });

  it("reports an unusable one with the field", () => {
    const result = readAppointmentRequest({ appointment_request: { starts_at: "tomorrow" } });
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") expect(result.reason).toContain("appointment_request.starts_at");
  });
});
