// Retell deliveries refused for their signature (401), counted per hour for the
// Webhooks screen: one Redis counter per hour bucket, kept 48 h.
//
// The route only bumps a number in memory; the tally reaches Redis shortly after
// in one MULTI (INCRBY + EXPIRE per hour). So a flood of forged deliveries costs
// one Redis call per flush, not one per request, and a Redis that is still
// connecting (process start) or down loses no count: the batch goes back into the
// tally and is retried (memory stays bounded: at most one entry per hour, and
// hours older than the TTL are dropped).
import type { Redis } from "ioredis";
import { key } from "../redis/connection";

const HOUR_MS = 3_600_000;
/** Buckets outlive the screen's 24 h window by a day, then Redis drops them. */
export const SIGNATURE_FAILURE_TTL_SECONDS = 48 * 3_600;

/** Pure: the start (epoch ms) of the hour containing `at`. */
export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

function bucketKey(hour: number): string {
  return key("retell", "signature-failures", hour);
}

export interface TallyOptions {
  /** The connection to write with, when there is one. */
  redis(): Pick<Redis, "multi"> | undefined;
  /** A flush failed (the counts are kept and retried). */
  onError(error: unknown): void;
  /** @defaultValue 100 */
  flushDelayMs?: number;
  /** @defaultValue 1000 */
  retryDelayMs?: number;
}

export class SignatureFailureTally {
  private readonly pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TallyOptions) {}

  /** Synchronous and cheap: the caller (the webhook route) never waits for Redis. */
  count(now = Date.now()): void {
    const hour = hourOf(now);
    this.pending.set(hour, (this.pending.get(hour) ?? 0) + 1);
    this.schedule(this.options.flushDelayMs ?? 100);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref?.(); // never what keeps a process alive
  }

  /** Writes what has been counted; on failure puts it back and tries again later. Never rejects. */
  async flush(now = Date.now()): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending];
    this.pending.clear();
    try {
      const redis = this.options.redis();
      if (!redis) throw new Error("no Redis connection to count signature failures on");
      const multi = redis.multi();
      for (const [hour, n] of batch) multi.incrby(bucketKey(hour), n).expire(bucketKey(hour), SIGNATURE_FAILURE_TTL_SECONDS);
      await multi.exec();
    } catch (error) {
      const oldest = hourOf(now) - SIGNATURE_FAILURE_TTL_SECONDS * 1_000;
      for (const [hour, n] of batch) if (hour > oldest) this.pending.set(hour, (this.pending.get(hour) ?? 0) + n);
      this.options.onError(error);
      this.schedule(this.options.retryDelayMs ?? 1_000);
    }
  }
}

/** Refusals per hour over the last `hours` hours (current hour included), oldest first; empty hours left out. */
export async function signatureFailuresPerHour(redis: Pick<Redis, "mget">, hours = 24, now = Date.now()): Promise<{ hour: number; count: number }[]> {
  const last = hourOf(now);
  const starts = Array.from({ length: hours }, (_, i) => last - (hours - 1 - i) * HOUR_MS);
  const values = await redis.mget(...starts.map(bucketKey));
  return starts.flatMap((hour, i) => (values[i] ? [{ hour, count: Number(values[i]) }] : []));
}
