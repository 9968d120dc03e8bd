// Issue 9, Webhooks screen: "signature failures per hour". Badly signed deliveries
// go through the real Retell route handler (real producer connection, real Redis);
// the real stats route reads them back per hour.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as webhook } from "@/app/api/retell/webhook/route";
import { GET as webhookStats } from "@/app/api/webhooks/stats/route";
import { consoleRedis } from "@/lib/console/redis";
import { key } from "@/lib/redis/connection";
import { hourOf, SIGNATURE_FAILURE_TTL_SECONDS } from "@/lib/retell/signature-failures";
import { signRetellBody } from "@/lib/retell/signature";
import { call, createUser, closeConsoleTest, type TestUser } from "./route-harness";

const N = 7;
const body = JSON.stringify({ event: "call_started", call: { call_id: "call_sigfail", agent_id: "agent_1" } });
let viewer: TestUser;

beforeAll(async () => {
  viewer = await createUser("VIEWER");
});

afterAll(closeConsoleTest);

const deliver = (signature: string | null) =>
  webhook(new Request("http://127.0.0.1/api/retell/webhook", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...(signature === null ? {} : { "x-retell-signature": signature }) },
  }));

describe("signature failures per hour", () => {
  it(`${N} badly signed deliveries through the route → ${N} in this hour's bucket of /api/webhooks/stats`, async () => {
    const hourBefore = hourOf(Date.now());
    const forged = [signRetellBody(body, "some-other-key"), "v=1,d=00", null];
    const statuses = await Promise.all(Array.from({ length: N }, (_, i) => deliver(forged[i % forged.length]).then((r) => r.status)));
    expect(statuses).toEqual(Array(N).fill(401));

    // The route counts without waiting for Redis; the count lands a moment later (in this hour's
    // bucket, or split with the next one if the test straddles the hour).
    const thisHour = hourOf(Date.now());
    await vi.waitFor(
      async () => {
        const res = await call(webhookStats, "GET", "/api/webhooks/stats", { user: viewer });
        expect(res.status).toBe(200);
        const hours: { hour: number; count: number }[] = res.body.signatureFailuresPerHour;
        expect(hours.every((h) => h.hour === hourBefore || h.hour === thisHour)).toBe(true);
        expect(hours.reduce((sum, h) => sum + h.count, 0)).toBe(N);
      },
      { timeout: 5_000, interval: 50 },
    );
    const ttl = await consoleRedis().ttl(key("retell", "signature-failures", thisHour));
    expect(ttl).toBeGreaterThan(SIGNATURE_FAILURE_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(SIGNATURE_FAILURE_TTL_SECONDS);
  });
});
