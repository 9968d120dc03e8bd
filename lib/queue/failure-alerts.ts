// Tells admins about final failures without flooding them: failures are queued in
// Redis and sent as one digest — the first shortly after a quiet period ends
// (`gatherMs`), then at most one per `windowMs` while failures keep coming.
// Any process may record; the process that opens a window sends for everyone. Failures
// a window holder left behind (it exited, or died) are adopted by the next failure sweep
// of any worker process, and a digest no transport took is queued again.
import type { Redis } from "ioredis";
import type { Transporter } from "nodemailer";
import { env } from "../env";
import { logger } from "../logger";
import { postSlackMessage } from "../mail/slack";
import { mailTransport, sendMail } from "../mail/transport";
import { key } from "../redis/connection";
import { composeDigest, type Digest, type FailureSummary } from "./failure-digest";
import { runtimeRedis } from "./queues";

export interface FailureAlertOptions {
  /** At most one digest per window. @defaultValue env FAILURE_ALERT_WINDOW_SECONDS × 1000 */
  windowMs?: number;
  /** Wait after the first failure of a quiet period, to batch a burst into its first digest. @defaultValue 10000 (capped at windowMs) */
  gatherMs?: number;
  /** @defaultValue env ADMIN_EMAIL (no mail when unset) */
  mailTo?: string;
  /** @defaultValue env SLACK_WEBHOOK_URL (no webhook when unset) */
  slackUrl?: string;
  /** @defaultValue the process's SMTP_URL transport */
  transport?: Transporter;
  redis?: Redis;
}

/** Examples kept per digest; counts stay exact beyond it. */
const MAX_EXAMPLES = 200;

// KEYS: window, pending. Closes a quiet window, unless a failure arrived since the last flush.
const CLOSE_IF_EMPTY_2 = `
if redis.call('LLEN', KEYS[2]) == 0 then redis.call('DEL', KEYS[1]) return 1 end
return 0
`;

// KEYS: window, pending. ARGV: now, ttl. Opens a window for failures nobody holds one for.
const ADOPT_2 = `
if redis.call('LLEN', KEYS[2]) == 0 then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
return 0
`;

export class FailureAlerts {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly sending = new Set<Promise<unknown>>();

  constructor(private readonly options: FailureAlertOptions = {}) {}

  private get windowMs(): number {
    return this.options.windowMs ?? env().FAILURE_ALERT_WINDOW_SECONDS * 1000;
  }

  /**
   * The window key outlives its timer by a whole window: on a busy machine timers fire late, and a
   * key that expired first would let a new failure open a second window and send a second digest at once.
   * A process that dies holding a window leaves it to expire; then the next failure, or the next
   * failure sweep (adoptOrphans), opens a new one.
   */
  private get windowTtlMs(): number {
    return this.windowMs * 2;
  }

  private get redis(): Redis {
    return this.options.redis ?? runtimeRedis();
  }

  private keys() {
    return {
      pending: key("failure-alerts", "pending"),
      groups: key("failure-alerts", "groups"),
      total: key("failure-alerts", "total"),
      window: key("failure-alerts", "window"),
    };
  }

  /** Queues one failure for the next digest; cheap enough for a storm (one round trip). */
  async notify(failure: FailureSummary): Promise<void> {
    const k = this.keys();
    const group = `${failure.queue}|${failure.jobName}|${failure.exceptionClass}`;
    const [, , , , opened] = (await this.redis
      .multi()
      .rpush(k.pending, JSON.stringify(failure))
      .ltrim(k.pending, -MAX_EXAMPLES, -1)
      .hincrby(k.groups, group, 1)
      .incr(k.total)
      .set(k.window, String(Date.now()), "PX", this.windowTtlMs, "NX")
      .exec()) ?? [];
    if (opened?.[1] === "OK") this.schedule(Math.min(this.options.gatherMs ?? 10_000, this.windowMs), true);
  }

  /**
   * Sends failures that wait with no window open — their holder exited or died before sending them —
   * as if they had just opened one. True when it took them on. Run by every worker process's failure sweep.
   */
  async adoptOrphans(): Promise<boolean> {
    const k = this.keys();
    const adopted = (await this.redis.eval(ADOPT_2, 2, k.window, k.pending, String(Date.now()), String(this.windowTtlMs))) === 1;
    if (adopted) this.schedule(Math.min(this.options.gatherMs ?? 10_000, this.windowMs), true);
    return adopted;
  }

  private schedule(delayMs: number, leading: boolean): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.onTimer(leading).catch((error) => logger.error({ err: error }, "failure digest failed"));
      this.sending.add(run);
      void run.finally(() => this.sending.delete(run));
    }, delayMs);
    timer.unref(); // a CLI that failed a job must still exit; workers stay alive on their own
    this.timers.add(timer);
  }

  /**
   * Leading flush: send what gathered, then look again when the window ends. Trailing: send what came
   * during the window and hold a new window; if nothing came, close the window so the next failure
   * is reported promptly again.
   */
  private async onTimer(leading: boolean): Promise<void> {
    const sent = await this.flush();
    if (leading) {
      this.schedule(Math.max(0, this.windowMs - Math.min(this.options.gatherMs ?? 10_000, this.windowMs)), false);
      return;
    }
    const k = this.keys();
    const closed = !sent && (await this.redis.eval(CLOSE_IF_EMPTY_2, 2, k.window, k.pending)) === 1;
    if (closed) return;
    await this.redis.set(k.window, String(Date.now()), "PX", this.windowTtlMs);
    this.schedule(this.windowMs, false);
  }

  /** Drains everything pending and sends one digest; null when nothing was pending. */
  async flush(): Promise<Digest | null> {
    const k = this.keys();
    const result = await this.redis.multi().lrange(k.pending, 0, -1).hgetall(k.groups).get(k.total).del(k.pending, k.groups, k.total).exec();
    if (!result) return null;
    const examples = ((result[0][1] as string[]) ?? []).map((s) => JSON.parse(s) as FailureSummary).reverse();
    const groups = Object.fromEntries(Object.entries((result[1][1] as Record<string, string>) ?? {}).map(([g, n]) => [g, Number(n)]));
    const total = Number(result[2][1] ?? 0);
    if (total === 0) return null;
    const digest = composeDigest({ total, groups, examples, environment: env().SWITCHYARD_ENV, consoleUrl: consoleUrl() });
    if (!(await this.deliver(digest))) await this.requeue(result[0][1] as string[], groups, total);
    return digest;
  }

  /** Puts an undelivered digest's failures back, ahead of any that came since, for the next digest. */
  private async requeue(raw: string[], groups: Record<string, number>, total: number): Promise<void> {
    const k = this.keys();
    const multi = this.redis.multi();
    if (raw.length) multi.lpush(k.pending, ...[...raw].reverse()).ltrim(k.pending, -MAX_EXAMPLES, -1);
    for (const [group, n] of Object.entries(groups)) multi.hincrby(k.groups, group, n);
    await multi.incrby(k.total, total).exec();
    logger.warn({ failures: total }, "failure digest not delivered by any transport: queued again for the next digest");
  }

  /** True when a transport took the digest, or none is configured (then it is logged); false when every one failed. */
  private async deliver(digest: Digest): Promise<boolean> {
    const mailTo = this.options.mailTo ?? env().ADMIN_EMAIL;
    const slackUrl = this.options.slackUrl ?? env().SLACK_WEBHOOK_URL;
    const tasks: Promise<unknown>[] = [];
    if (mailTo) tasks.push(sendMail({ to: mailTo, subject: digest.subject, text: digest.text }, this.options.transport ?? mailTransport()));
    if (slackUrl) tasks.push(postSlackMessage(slackUrl, { text: digest.slackText }));
    if (tasks.length === 0) logger.warn({ subject: digest.subject }, "job failures: no ADMIN_EMAIL or SLACK_WEBHOOK_URL set, digest only logged");
    const results = await Promise.allSettled(tasks);
    for (const r of results) if (r.status === "rejected") logger.error({ err: r.reason }, "failure digest delivery failed");
    return tasks.length === 0 || results.some((r) => r.status === "fulfilled");
  }

  /**
   * Stops timers and waits for digests being sent (worker shutdown, tests). A process holding the
   * window gives it up, so the failures pending stay with the next failure or sweep, not with a
   * window nobody will send.
   */
  async close(): Promise<void> {
    const holding = this.timers.size > 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.sending]);
    if (holding) await this.redis.del(this.keys().window).catch((error: unknown) => logger.warn({ err: error }, "could not give up the failure alert window"));
  }
}

function consoleUrl(): string | undefined {
  const base = env().NEXTAUTH_URL;
  return base ? `${base.replace(/\/$/, "")}/failed` : undefined;
}

let instance: FailureAlerts | undefined;

/** The process's notifier (used by the processor's final-failure step). */
export function failureAlerts(): FailureAlerts {
  instance ??= new FailureAlerts();
  return instance;
}

/** Replaces the process's notifier (tests, or a workers process with explicit settings). */
export function configureFailureAlerts(options: FailureAlertOptions): FailureAlerts {
  void instance?.close();
  instance = new FailureAlerts(options);
  return instance;
}
