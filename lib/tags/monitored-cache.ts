// The monitored tags as seen by a worker process: read from Redis at most every
// few seconds, so a finished job costs no extra round trip. A tag an admin starts
// monitoring is honoured by every host within REFRESH_MS.
import type { Redis } from "ioredis";
import { tagKeys } from "./tag-keys";

export const REFRESH_MS = 5_000;

export class MonitoredTagsCache {
  private tags: ReadonlySet<string> = new Set();
  private loadedAt = -Infinity;
  private loading: Promise<ReadonlySet<string>> | undefined;
  private loadedKey = "";

  constructor(private readonly refreshMs = REFRESH_MS) {}

  /** The cached set; reloads when older than refreshMs (or when the key prefix changed). */
  async current(redis: Redis, now = Date.now()): Promise<ReadonlySet<string>> {
    const k = tagKeys.monitored();
    if (k === this.loadedKey && now - this.loadedAt < this.refreshMs) return this.tags;
    this.loading ??= redis
      .smembers(k)
      .then((members) => {
        this.tags = new Set(members);
        this.loadedAt = Date.now();
        this.loadedKey = k;
        return this.tags;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** After monitor/unmonitor in this process, so its own workers see it at once. */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }
}

export const monitoredTagsCache = new MonitoredTagsCache();
