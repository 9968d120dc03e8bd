// Issue 3 point 8: fakeQueue() like the seed's Queue::fake() — no Redis involved.
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob } from "./define-job";
import { dispatch, dispatchMany } from "./dispatch";
import { PayloadInvalid } from "./errors";
import { fakeQueue, FakeQueueAssertion, type FakeQueue } from "./fake-queue";

const webhook = defineJob({
  name: "fake-test.ProcessRetellWebhook",
  queue: "webhooks",
  payload: z.object({ event_type: z.string(), call_id: z.string() }),
  uniqueId: (p) => `retell-webhook-${p.call_id}`,
  handle: () => {
    throw new Error("a faked job never runs");
  },
});
const confirmation = defineJob({ name: "fake-test.SendAppointmentConfirmation", queue: "emails", payload: z.object({ appointment_id: z.number() }), handle: () => undefined });

let fake: FakeQueue | undefined;
afterEach(() => fake?.restore());

describe("fakeQueue", () => {
  it("captures dispatches instead of pushing them, with payload, queue, delay and id", async () => {
    fake = fakeQueue();
    const id = await dispatch(webhook, { event_type: "call_ended", call_id: "test_123" });
    await dispatch(confirmation, { appointment_id: 7 }, { queue: "high", delay: 86_400_000 });
    expect(id).toBe("retell-webhook-test_123");
    fake.assertPushed(webhook, (p) => p.call_id === "test_123");
    fake.assertPushed(webhook);
    fake.assertPushedTimes(webhook, 1);
    fake.assertPushedOn("high", confirmation);
    expect(fake.pushedOf(confirmation)[0]).toMatchObject({ queue: "high", delayMs: 86_400_000, payload: { appointment_id: 7 } });
  });

  it("fails with a message that lists what was pushed", async () => {
    fake = fakeQueue();
    await dispatch(confirmation, { appointment_id: 1 });
    expect(() => fake!.assertPushed(webhook)).toThrow(FakeQueueAssertion);
    expect(() => fake!.assertPushed(webhook)).toThrow(/pushed: fake-test.SendAppointmentConfirmation@emails/);
    expect(() => fake!.assertPushed(confirmation, (p) => p.appointment_id === 2)).toThrow(/matching the predicate/);
    expect(() => fake!.assertPushedTimes(confirmation, 2)).toThrow("pushed 1 time(s)");
    expect(() => fake!.assertNothingPushed()).toThrow(FakeQueueAssertion);
    expect(() => fake!.assertPushedOn("sms", confirmation)).toThrow(/on queue "sms"/);
    fake!.assertNotPushed(webhook);
    expect(() => fake!.assertNotPushed(confirmation)).toThrow(/not to be pushed/);
  });

  it("assertNothingPushed passes on a fresh fake; dispatchMany is captured per payload", async () => {
    fake = fakeQueue();
    fake.assertNothingPushed();
    await dispatchMany(confirmation, [{ appointment_id: 1 }, { appointment_id: 2 }, { appointment_id: 3 }]);
    fake.assertPushedTimes(confirmation, 3);
  });

  it("still validates payloads, so a bad dispatch fails the test as it would in production", async () => {
    fake = fakeQueue();
    await expect(dispatch(webhook, { event_type: "call_ended" } as never)).rejects.toBeInstanceOf(PayloadInvalid);
    fake.assertNothingPushed();
  });
});
