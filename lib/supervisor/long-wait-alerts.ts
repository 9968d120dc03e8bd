// Horizon's LongWaitDetected notification: one mail (and Slack-compatible
// webhook post) per queue at most once per cooldown, across all hosts — the
// cooldown is a Redis key that only the first notifier of a period can set.
import type { Redis } from "ioredis";
import { env } from "../env";
import type { Logger } from "../logger";
import { postSlackMessage, sendMail } from "../mail";
import { key } from "../redis/connection";
import { longWaits } from "./wait-time";

export interface LongWait {
  connection: string;
  queue: string;
  seconds: number;
  threshold: number;
}

export interface AlertChannels {
  mailTo?: string;
  slackUrl?: string;
}

export function longWaitMessage(w: LongWait): { subject: string; text: string } {
  return {
    subject: `[Switchyard] Long queue wait detected: ${w.queue}`,
    text: `The "${w.queue}" queue on the "${w.connection}" connection has a wait time of ${w.seconds} seconds (threshold ${w.threshold} s).`,
  };
}

/** Notifies about each long wait whose cooldown is free; returns the ones notified. */
export async function notifyLongWaits(
  redis: Redis,
  waits: { name: string; seconds: number }[],
  thresholds: Record<string, number>,
  cooldownSeconds: number,
  log: Logger,
  channels: AlertChannels = { mailTo: env().ADMIN_EMAIL, slackUrl: env().SLACK_WEBHOOK_URL },
): Promise<LongWait[]> {
  const notified: LongWait[] = [];
  for (const wait of longWaits(waits, thresholds)) {
    const claimed = await redis.set(key("workers", "long-wait", `${wait.connection}:${wait.queue}`), String(Date.now()), "EX", cooldownSeconds, "NX");
    if (claimed !== "OK") continue;
    const message = longWaitMessage(wait);
    log.warn({ ...wait }, message.text);
    const sends: Promise<unknown>[] = [];
    if (channels.mailTo) sends.push(sendMail({ to: channels.mailTo, ...message }));
    if (channels.slackUrl) sends.push(postSlackMessage(channels.slackUrl, { text: `${message.subject}\n${message.text}` }));
    const results = await Promise.allSettled(sends);
    for (const r of results) if (r.status === "rejected") log.error({ err: r.reason, queue: wait.queue }, "long-wait notification failed");
    notified.push(wait);
  }
  return notified;
}
