// Point 8 (the notifier): a queue past its `waits` threshold is mailed about once
// per cooldown, however many checks (or hosts) see it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSmtp, type LocalSmtp } from "../jobs/testing/local-smtp";
import { logger } from "../logger";
import { resetEnvCache } from "../env";
import { createRedis } from "../redis/connection";
import { notifyLongWaits } from "./long-wait-alerts";

const redis = createRedis();
let smtp: LocalSmtp;
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => {
  await smtp.close();
  await redis.quit();
});

describe("long-wait alerts", () => {
  it("mails once per queue per cooldown, skips queues under their threshold or switched off", async () => {
    const log = logger.child({ test: "long-wait" });
    const waits = [
      { name: "redis:default", seconds: 75 },
      { name: "redis:high", seconds: 30 },
      { name: "redis:low", seconds: 900 },
    ];
    const thresholds = { "redis:default": 60, "redis:high": 60, "redis:low": 0 };
    // The notifier sends through the process's SMTP_URL transport: point it at our server.
    process.env.SMTP_URL = smtp.url;
    resetEnvCache();
    const channels = { mailTo: "ops@switchyard.test" };
    const first = await notifyLongWaits(redis, waits, thresholds, 60, log, channels);
    const second = await notifyLongWaits(redis, waits, thresholds, 60, log, channels);
    expect(first.map((w) => w.queue)).toEqual(["default"]);
    expect(second).toEqual([]);
    const mails = await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
    expect(mails[0].to).toEqual(["ops@switchyard.test"]);
    expect(mails[0].raw).toMatch(/Long queue wait detected: default/);
    expect(mails[0].raw).toMatch(/wait time of 75 seconds/);
  });
});
