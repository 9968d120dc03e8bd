import { describe, expect, it } from "vitest";
import { parseRetellEnvelope } from "./events";
import { webhookEventId } from "./event-id";

describe("parseRetellEnvelope", () => {
  it("accepts Retell's envelope and keeps the other fields", () => {
    const result = parseRetellEnvelope({ event: "call_ended", call: { call_id: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6", agent_id: "a" } });
    expect(result).toMatchObject({ ok: true, envelope: { event: "call_ended", call: { agent_id: "a" } } });
  });

  it.each([
    [[1, 2], "body must be a JSON object"],
    ["text", "body must be a JSON object"],
    [null, "body must be a JSON object"],
    [{ call: { call_id: "x" } }, "event"],
    [{ event: "call_ended" }, "call"],
    [{ event: "call_ended", call: {} }, "call.call_id"],
    [{ event: "call_ended", call: { call_id: 42 } }, "call.call_id"],
    [{ event: "call_ended", call: { call_id: "a:b" } }, "call.call_id"],
    [{ event: "Call Ended", call: { call_id: "x" } }, "event"],
  ])("refuses %j, naming %s", (body, field) => {
    const result = parseRetellEnvelope(body);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/^not a Retell event: /);
      expect(result.reason).toContain(field);
    }
  });
});

describe("webhookEventId", () => {
  const call = { call_id: "c1" };
  it("is call id + event for the once-per-call events, whatever the body", () => {
    expect(webhookEventId({ event: "call_ended", call }, "a")).toBe("retell-c1-call_ended");
    expect(webhookEventId({ event: "call_ended", call }, "b")).toBe("retell-c1-call_ended");
  });

  it("adds a body digest for repeating events, stable across retries", () => {
    const a = webhookEventId({ event: "transcript_updated", call }, "turn 1");
    expect(a).toMatch(/^retell-c1-transcript_updated-[0-9a-f]{16}$/);
    expect(webhookEventId({ event: "transcript_updated", call }, "turn 1")).toBe(a);
    expect(webhookEventId({ event: "transcript_updated", call }, "turn 2")).not.toBe(a);
  });

  it("never contains ':' (BullMQ refuses it in custom job ids)", () => {
    expect(webhookEventId({ event: "transfer_started", call: { call_id: "a-b_c" } }, "{}")).not.toContain(":");
  });
});
