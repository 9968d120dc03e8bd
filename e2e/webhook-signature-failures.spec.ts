// Issue 9, Webhooks screen: badly signed deliveries posted to the real server
// (`next start`) show up in the screen's "Signature failures" bars for this hour.
import { expect, test } from "@playwright/test";
import { retellEnvelope, newRetellCallId, signedDelivery } from "../lib/retell/fixtures";
import { signIn } from "./helpers";
import { ADMIN } from "./users";

const FORGED = 3;

/** The screen's total for the last 24 h, from its caption "Signature failures: N in 24 h". */
async function shownTotal(page: import("@playwright/test").Page): Promise<number> {
  const caption = await page.getByText(/^Signature failures: [\d,]+ in 24 h$/).textContent();
  return Number(caption!.replace(/^Signature failures: ([\d,]+) in 24 h$/, "$1").replace(/,/g, ""));
}

test("forged deliveries are counted per hour on the Webhooks screen", async ({ page, request }) => {
  await signIn(page, ADMIN.email, ADMIN.password, "/webhooks");
  const before = await shownTotal(page);

  for (let i = 0; i < FORGED; i++) {
    const forged = signedDelivery(retellEnvelope("call_started", { callId: newRetellCallId(), agentId: "agent_e2e" }), "not-the-key");
    expect((await request.post("/api/retell/webhook", { data: forged.body, headers: forged.headers })).status()).toBe(401);
  }

  // The route counts in memory and flushes to Redis ~100 ms later; the screen reads on load.
  await expect
    .poll(async () => {
      await page.reload();
      return shownTotal(page);
    }, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(before + FORGED);
  await expect(page.getByRole("list", { name: "Signature failures per hour" }).getByRole("listitem")).toHaveCount(24);
});
