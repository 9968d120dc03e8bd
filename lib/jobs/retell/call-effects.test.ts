import { describe, expect, it } from "vitest";
import { retellCallSchema } from "../../retell/call";
import { fieldsForEvent } from "./call-effects";
import { followUpsFor } from "./follow-ups";

const now = new Date("2026-12-01T10:00:00Z");
const call = retellCallSchema.parse({
  call_id: "c1",
  agent_id: "a1",
  call_status: "ended",
  start_timestamp: 1_764_583_200_000,
  end_timestamp: 1_764_583_290_000,
  disconnection_reason: "user_hangup",
  transcript: "Agent: Hi\nUser: Hello",
  recording_url: "https://example.test/r.wav",
  call_analysis: { call_summary: "Booked", user_sentiment: "Positive", call_successful: true, custom_analysis_data: { x: 1 } },
});

describe("fieldsForEvent", () => {
  it("call_started sets no status (an ended call is never downgraded)", () => {
    expect(fieldsForEvent("call_started", call, now)).toEqual({ fields: { startedAt: new Date(1_764_583_200_000) } });
  });

  it("call_ended stores duration (derived when absent), reason, transcript, recording", () => {
    const { status, fields } = fieldsForEvent("call_ended", call, now);
    expect(status).toBe("ended");
    expect(fields).toMatchObject({ durationMs: 90_000, disconnectionReason: "user_hangup", transcript: "Agent: Hi\nUser: Hello", recordingUrl: "https://example.test/r.wav" });
    expect(fields.summary).toBeUndefined();
  });

  it("call_analyzed adds summary, sentiment, success and custom data", () => {
    const { fields } = fieldsForEvent("call_analyzed", call, now);
    expect(fields).toMatchObject({ summary: "Booked", sentiment: "Positive", successful: true, customAnalysis: { x: 1 }, analyzedAt: now });
  });
});

describe("followUpsFor", () => {
  it("asks for the booking only on call_analyzed with a request", () => {
    const withRequest = retellCallSchema.parse({
      ...call,
      call_analysis: { custom_analysis_data: { appointment_request: { starts_at: "2026-12-03T10:00:00+01:00" } } },
    });
    expect(followUpsFor("call_ended", withRequest).followUps).toEqual([]);
    expect(followUpsFor("call_analyzed", withRequest).followUps).toEqual([
      { kind: "appointment-request", retellCallId: "c1", request: { starts_at: "2026-12-03T10:00:00+01:00" } },
    ]);
    expect(followUpsFor("call_analyzed", call)).toEqual({ followUps: [], warnings: [] });
  });

  it("warns (does not fail) on an unusable request", () => {
    const bad = retellCallSchema.parse({ ...call, call_analysis: { custom_analysis_data: { appointment_request: { starts_at: "soon" } } } });
    const plan = followUpsFor("call_analyzed", bad);
    expect(plan.followUps).toEqual([]);
    expect(plan.warnings[0]).toContain("starts_at");
  });
});
