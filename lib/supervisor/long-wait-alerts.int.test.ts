// Point 8 (the notifier): a queue past its `waits` threshold is mailed about, and
// posted to a Slack-compatible webhook, once per cooldown, however many checks (or
// hosts) see it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSmtp, type LocalSmtp } from "../jobs/testing/local-smtp";
import { logger } from "../logger";
import { resetEnvCache } from "../env";
import { createRedis } from "../redis/connection";
import { notifyLongWaits } from "./long-wait-alerts";

const redis = createRedis();
let smtp: LocalSmtp;
/** A local Slack-compatible webhook: records every request it gets. */
let hook: Server;
const posts: { method?: string; url?: string; contentType?: string; body: string }[] = [];
beforeAll(async () => {
  smtp = await startLocalSmtp();
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      posts.push({ method: req.method, url: req.url, contentType: req.headers["content-type"], body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await smtp.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
  await redis.quit();
});

describe("long-wait alerts", () => {
  it("mails and posts to the webhook once per queue per cooldown, skips queues under their threshold or switched off", async () => {
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
    const channels = { mailTo: "ops@switchyard.test", slackUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/T000/B000` };
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
    // The webhook: one POST of a Slack `{ text }` body naming the queue, none for the second check.
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ method: "POST", url: "/hooks/T000/B000", contentType: "application/json" });
    const body = JSON.parse(posts[0].body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["text"]);
    expect(body.text).toMatch(/Long queue wait detected: default\n.*"default" queue .* wait time of 75 seconds \(threshold 60 s\)/);
  });
});
