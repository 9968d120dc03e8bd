// POST /api/retell/webhook against real Redis, by calling the route's POST with a
// real Request (the e2e suite covers the same route over HTTP). Only the
// enqueue is checked here; the job's effects are in lib/jobs/retell/*.int.test.ts.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { closeQueues, fakeQueue, getQueue } from "@/lib/queue";
import { ProcessRetellWebhook } from "@/lib/jobs/retell/process-retell-webhook";
import { newRetellCallId, retellEnvelope } from "@/lib/retell/fixtures";
import { jobCount, postSigned } from "@/lib/jobs/testing/harness";
import { POST } from "./route";

const key = env().RETELL_API_KEY!;
const url = "http://127.0.0.1/api/retell/webhook";
let before = 0;

beforeEach(async () => {
  before = await jobCount("webhooks");
});

afterAll(async () => {
  await closeQueues();
});

async function expectNothingEnqueued(): Promise<void> {
  expect(await jobCount("webhooks")).toBe(before);
}

describe("POST /api/retell/webhook — accepted", () => {
  it("answers 204 and enqueues ProcessRetellWebhook on `webhooks` with the id call_id + event", async () => {
    const callId = newRetellCallId();
    const envelope = retellEnvelope("call_started", { callId, agentId: "agent_x" });
    const response = await postSigned(POST, envelope, key);
    expect(response.status).toBe(204);
    const job = await getQueue("webhooks").getJob(`retell-${callId}-call_started`);
    expect(job?.name).toBe("ProcessRetellWebhook");
    expect(job?.data.payload.webhook).toEqual(envelope);
    expect(job?.data.payload.webhookId).toBe(`retell-${callId}-call_started`);
    expect(job?.opts.attempts).toBe(5);
  });

  it("three deliveries of the same event (Retell's retries) → three 204s, one job", async () => {
    const callId = newRetellCallId();
    const envelope = retellEnvelope("call_ended", { callId, agentId: "agent_x" });
    for (let i = 0; i < 3; i++) expect((await postSigned(POST, envelope, key)).status).toBe(204);
    expect(await jobCount("webhooks")).toBe(before + 1);
  });

  it("with the queue faked (the seed's Queue::fake test): a signed call_ended pushes ProcessRetellWebhook for that call, once", async () => {
    const callId = newRetellCallId();
    const fake = fakeQueue();
    try {
      const response = await postSigned(POST, retellEnvelope("call_ended", { callId, agentId: "agent_x" }), key);
      expect(response.status).toBe(204);
      fake.assertPushed(ProcessRetellWebhook, (p) => p.webhook.call.call_id === callId && p.webhook.event === "call_ended");
      fake.assertPushedOn("webhooks", ProcessRetellWebhook);
      fake.assertPushedTimes(ProcessRetellWebhook, 1);
      expect(fake.pushed[0].id).toBe(`retell-${callId}-call_ended`);
    } finally {
      fake.restore();
    }
    await expectNothingEnqueued(); // captured, not pushed
  });

  it("answers within milliseconds (no database on the request path)", async () => {
    const timings: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const response = await postSigned(POST, retellEnvelope("call_started", { agentId: "agent_x" }), key);
      timings.push(performance.now() - started);
      expect(response.status).toBe(204);
    }
    timings.sort((a, b) => a - b);
    expect(timings[7]).toBeLessThan(100); // median; generous, the 2-core machine is shared with other suites
  });
});

describe("POST /api/retell/webhook — refused, nothing enqueued", () => {
  const envelope = () => retellEnvelope("call_started", { agentId: "agent_x" });

  it("401 without a signature", async () => {
    const response = await POST(new Request(url, { method: "POST", body: JSON.stringify(envelope()), headers: { "content-type": "application/json" } }));
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatchObject({ code: "invalid_signature", details: { reason: "missing" } });
    await expectNothingEnqueued();
  });

  it("401 for a malformed signature", async () => {
    const response = await postSigned(POST, envelope(), key, { headers: { "x-retell-signature": "sha256=abc" } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.details.reason).toBe("malformed");
    await expectNothingEnqueued();
  });

  it("401 for a signature made with another key", async () => {
    const response = await postSigned(POST, envelope(), "key_someone_else");
    expect(response.status).toBe(401);
    expect((await response.json()).error.details.reason).toBe("mismatch");
    await expectNothingEnqueued();
  });

  it("401 for a body changed after signing", async () => {
    const body = JSON.stringify(envelope());
    const { signRetellBody } = await import("@/lib/retell/signature");
    const response = await POST(new Request(url, { method: "POST", body: body.replace("agent_x", "agent_y"), headers: { "x-retell-signature": signRetellBody(body, key) } }));
    expect(response.status).toBe(401);
    await expectNothingEnqueued();
  });

  it("401 for a correct signature older than 5 minutes (replay)", async () => {
    const response = await postSigned(POST, envelope(), key, { timestamp: Date.now() - 5 * 60_000 - 5_000 });
    expect(response.status).toBe(401);
    expect((await response.json()).error.details.reason).toBe("expired");
    await expectNothingEnqueued();
  });

  it("400 for a correctly signed body that is not JSON", async () => {
    const response = await postSigned(POST, "{ not json", key);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_json");
    await expectNothingEnqueued();
  });

  it.each([
    [{ hello: "world" }, "event"],
    [{ event: "call_started" }, "call"],
    [{ event: "call_started", call: { agent_id: "a" } }, "call.call_id"],
    [[{ event: "call_started" }], "JSON object"],
  ])("400 with the reason for valid JSON that is not a Retell event: %j", async (body, reason) => {
    const response = await postSigned(POST, body, key);
    expect(response.status).toBe(400);
    const error = (await response.json()).error;
    expect(error.code).toBe("not_a_retell_event");
    expect(error.message).toContain(reason);
    await expectNothingEnqueued();
  });

  it("413 for a declared body over 1 MB", async () => {
    const big = JSON.stringify({ event: "call_ended", call: { call_id: "c", transcript: "x".repeat(1024 * 1024) } });
    const response = await postSigned(POST, big, key);
    expect(response.status).toBe(413);
    await expectNothingEnqueued();
  });

  it("413 for an undeclared (streamed) body over 1 MB, without reading all of it", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) controller.close(); // 64 MB if drained
        else controller.enqueue(chunk);
      },
    });
    const response = await POST(new Request(url, { method: "POST", body: stream, duplex: "half", headers: { "x-retell-signature": `v=${Date.now()},d=${"a".repeat(64)}` } } as RequestInit));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(25);
    await expectNothingEnqueued();
  });
});
