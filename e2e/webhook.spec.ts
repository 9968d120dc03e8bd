// The Retell webhook through the real server (`next start`; the path is outside the
// auth proxy's matcher, and no session is involved): a signed delivery is stored once
// however often it is retried, an unsigned one is refused, and an oversized body is a
// 413 whether or not it declares its length.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { closeQueues, getQueue } from "../lib/queue";
import { newRetellCallId, retellEnvelope, signedDelivery } from "../lib/retell/fixtures";

const KEY = process.env.RETELL_API_KEY!;
const created: string[] = [];

test.afterAll(async () => {
  for (const id of created) await getQueue("webhooks").remove(id).catch(() => 0);
  await closeQueues();
});

/** A POST with a chunked body (no Content-Length), so only the streamed total can give it away. */
function postChunked(url: string, chunks: Buffer[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    // The server may answer and close before the whole body is sent; the status is what counts.
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

test("a signed delivery is stored once, retries collapse onto it, unsigned ones are refused", async ({ request }) => {
  const callId = newRetellCallId();
  const envelope = retellEnvelope("call_started", { callId, agentId: "agent_e2e" });
  const id = `retell-${callId}-call_started`;
  created.push(id);

  for (let i = 0; i < 3; i++) {
    const { body, headers } = signedDelivery(envelope, KEY);
    const res = await request.post("/api/retell/webhook", { data: body, headers });
    expect(res.status(), `delivery ${i + 1}`).toBe(204);
  }
  const job = await getQueue("webhooks").getJob(id);
  expect(job?.data.payload.webhook.call.call_id).toBe(callId);

  const other = retellEnvelope("call_started", { callId: newRetellCallId(), agentId: "agent_e2e" });
  const forged = signedDelivery(other, "not-the-key");
  const refused = await request.post("/api/retell/webhook", { data: forged.body, headers: forged.headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBeTruthy();
  expect(await getQueue("webhooks").getJob(`retell-${other.call.call_id}-call_started`)).toBeUndefined();
});

test("bodies over 1 MB are refused with 413, declared or streamed", async ({ request, baseURL }) => {
  const big = JSON.stringify({ event: "call_started", call: { call_id: newRetellCallId(), pad: "x".repeat(1_200_000) } });
  const declared = await request.post("/api/retell/webhook", { data: big, headers: signedDelivery(big, KEY).headers });
  expect(declared.status()).toBe(413);

  // 3 MB streamed without a length: the route counts while reading and stops past 1 MB.
  const chunk = Buffer.alloc(64 * 1024, "x");
  const status = await postChunked(`${baseURL}/api/retell/webhook`, Array.from({ length: 48 }, () => chunk), {
    "content-type": "application/json",
    "x-retell-signature": signedDelivery("{}", KEY).headers["x-retell-signature"],
  });
  expect(status).toBe(413);
});
