// Issue 3 point 5: the idempotency guard once(key, ttl) (the seed's Cache::add).
import { afterAll, describe, expect, it } from "vitest";
import { closeQueues, forgetOnce, once } from "./index";
import { sleep, uniqueName } from "./test-support";

afterAll(() => closeQueues());

describe("once", () => {
  it("is true for the first caller only, across concurrent callers, until the ttl passes", async () => {
    const k = uniqueName("webhook");
    const results = await Promise.all(Array.from({ length: 20 }, () => once(k, 0.3)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await once(k, 0.3)).toBe(false);
    await sleep(350);
    expect(await once(k, 0.3)).toBe(true);
  });

  it("forgetOnce lets the key pass again (the guarded work failed)", async () => {
    const k = uniqueName("webhook");
    expect(await once(k, 60)).toBe(true);
    await forgetOnce(k);
    expect(await once(k, 60)).toBe(true);
  });
});
