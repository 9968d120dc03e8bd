// Horizon's MonitorWaitTimes in the master loop: once per `checkEverySeconds`,
// one master across all hosts (a Redis lock per period) computes the wait time
// of every queue and notifies about those past their `waits` threshold.
import type { Redis } from "ioredis";
import type { HorizonConfig } from "@/lib/config";
import type { Logger } from "@/lib/logger";
import { key } from "@/lib/redis/connection";
import { currentWaitTimes } from "@/lib/supervisor/live-wait-times";
import { notifyLongWaits } from "@/lib/supervisor/long-wait-alerts";

export class LongWaitMonitor {
  private lastCheckAt = Date.now();

  constructor(
    private readonly redis: Redis,
    private readonly horizon: HorizonConfig,
    private readonly log: Logger,
  ) {}

  async maybeCheck(now = Date.now()): Promise<void> {
    const { checkEverySeconds, notifyCooldownSeconds } = this.horizon.workers.longWait;
    const periodMs = checkEverySeconds * 1000;
    if (now - this.lastCheckAt < periodMs) return;
    this.lastCheckAt = now;
    // The lock lapses a little before the next period so the next check of any host can take it.
    const lock = await this.redis.set(key("workers", "wait-monitor"), String(now), "PX", Math.max(1, Math.floor(periodMs * 0.9)), "NX");
    if (lock !== "OK") return;
    const waits = await currentWaitTimes(this.redis);
    await notifyLongWaits(this.redis, waits, this.horizon.waits, notifyCooldownSeconds, this.log);
  }
}
