// The seed's config/queue.php, value for value.
import type { z } from "zod";
import type { queueConfigSchema } from "./schema";

export const queueConfig: z.input<typeof queueConfigSchema> = {
  default: "redis",
  connections: {
    redis: { driver: "redis", connection: "queue", queue: "default", retryAfter: 90, blockFor: 5, afterCommit: false },
    "redis-long-running": { driver: "redis", connection: "queue", queue: "long-running", retryAfter: 3600, blockFor: 5 },
    sync: { driver: "sync" },
    database: { driver: "database", table: "jobs", queue: "default", retryAfter: 90 },
  },
  failed: { driver: "database-uuids", database: "postgresql", table: "failed_jobs", retentionDays: 30 },
};
