// The route's decision order with fake dependencies (no Redis): the integration
// test (app/api/retell/webhook/route.int.test.ts) covers the real thing.
import { describe, expect, it, vi } from "vitest";
import pino from "pino";
import { receiveRetellWebhook, type AcceptedDelivery, type WebhookReceiverDeps } from "./receive-webhook";
import { signRetellBody } from "./signature";
import { resolveRetellKey } from "./webhook-key";

const key = "key_unit_receive";
const body = JSON.stringify({ event: "call_started", call: { call_id: "call_1", agent_id: "agent_1" } });

function deps(overrides: Partial<WebhookReceiverDeps> = {}) {
  const enqueued: AcceptedDelivery[] = [];
  const logger = pino({ level: "silent" });
  const d: WebhookReceiverDeps = {
    resolveKey: () => ({ ok: true, key, source: "env" }),
    enqueue: async (delivery) => void enqueued.push(delivery),
    logger,
    ...overrides,
  };
  return { d, enqueued };
}

function signed(text: string = body, headers: Record<string, string> = {}): Request {
  return new Request("http://x/api/retell/webhook", {
    method: "POST",
    body: text,
    headers: { "content-type": "application/json", "x-retell-signature": signRetellBody(text, key), ...headers },
  });
}

describe("receiveRetellWebhook", () => {
  it("answers 204 and enqueues once with the derived id", async () => {
    const { d, enqueued } = deps();
    const response = await receiveRetellWebhook(signed(), d);
    expect(response.status).toBe(204);
    expect(enqueued.map((e) => e.webhookId)).toEqual(["retell-call_1-call_started"]);
  });

  it("refuses with 503 in production without a key, and logs why", async () => {
    const logger = pino({ level: "silent" });
    const error = vi.spyOn(logger, "error");
    const { d, enqueued } = deps({ resolveKey: () => resolveRetellKey({ NODE_ENV: "production", RETELL_API_KEY: undefined }), logger });
    const response = await receiveRetellWebhook(signed(), d);
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("webhook_key_missing");
    expect(enqueued).toEqual([]);
    expect(String(error.mock.calls[0]?.[1])).toContain("RETELL_API_KEY is not set");
  });

  it("answers 503 when the enqueue rejects", async () => {
    const { d } = deps({ enqueue: async () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })) });
    const response = await receiveRetellWebhook(signed(), d);
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("queue_unavailable");
  });

  it("answers 503 when the enqueue hangs, within its timeout", async () => {
    const { d } = deps({ enqueue: () => new Promise(() => {}), enqueueTimeoutMs: 50 });
    const started = Date.now();
    expect((await receiveRetellWebhook(signed(), d)).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("checks the signature before looking at the body", async () => {
    const { d, enqueued } = deps();
    const response = await receiveRetellWebhook(signed("not json", { "x-retell-signature": "v=1,d=00" }), d);
    expect(response.status).toBe(401);
    expect(enqueued).toEqual([]);
  });

  it("counts every 401 for the Webhooks screen, and nothing else", async () => {
    const countSignatureFailure = vi.fn(async () => {});
    const { d } = deps({ countSignatureFailure });
    const forged = () => signed(body, { "x-retell-signature": "v=1,d=00" });
    expect((await receiveRetellWebhook(forged(), d)).status).toBe(401);
    expect((await receiveRetellWebhook(new Request("http://x/api/retell/webhook", { method: "POST", body }), d)).status).toBe(401);
    expect((await receiveRetellWebhook(signed(), d)).status).toBe(204);
    expect((await receiveRetellWebhook(signed("not json"), d)).status).toBe(400);
    expect(countSignatureFailure).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["rejects", async () => Promise.reject(new Error("redis down"))],
    ["throws", () => {
      throw new Error("no connection");
    }],
    ["hangs", () => new Promise<never>(() => {})],
  ])("still answers 401 at once when the counter %s", async (_how, counter) => {
    const { d } = deps({ countSignatureFailure: counter as () => Promise<unknown> });
    const started = Date.now();
    expect((await receiveRetellWebhook(signed(body, { "x-retell-signature": "v=1,d=00" }), d)).status).toBe(401);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("resolveRetellKey", () => {
  it("uses the configured key, else a development key outside production only", () => {
    expect(resolveRetellKey({ NODE_ENV: "production", RETELL_API_KEY: "k" })).toMatchObject({ ok: true, key: "k" });
    expect(resolveRetellKey({ NODE_ENV: "development", RETELL_API_KEY: undefined })).toMatchObject({ ok: true, source: "development-default" });
    expect(resolveRetellKey({ NODE_ENV: "production", RETELL_API_KEY: undefined }).ok).toBe(false);
  });
});
