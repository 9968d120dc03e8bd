// The seed's env() hooks, honoured where the seed reads them: config/queue.php's
// `default => env('QUEUE_CONNECTION', 'redis')` and the `redis` connection's
// `queue => env('REDIS_QUEUE', 'default')`, config/horizon.php's
// `memory_limit => env('HORIZON_MEMORY_LIMIT', 128)`. Each one set replaces that
// built-in value; env() has already validated it (a bad value names the variable).
// A SWITCHYARD_CONFIG_FILE section that sets the same key replaces it again, as the
// file replaces whole sections of the built-in config (lib/config/override.ts).
//
// The seed's other hooks have no counterpart: HORIZON_DOMAIN/HORIZON_PATH (the console is its
// own app at its own origin), QUEUE_FAILED_DRIVER/DB_CONNECTION (the failed-job archive is
// PostgreSQL, through DATABASE_URL). README, "Configuration".
import type { z } from "zod";
import type { Env } from "../env";
import { horizonConfig } from "./horizon";
import type { ConfigInput } from "./load-config";
import { queueConfig } from "./queue";
import type { connectionSchema } from "./schema";

export type SeedEnvHooks = Partial<Pick<Env, "QUEUE_CONNECTION" | "REDIS_QUEUE" | "HORIZON_MEMORY_LIMIT">>;

type ConnectionInput = z.input<typeof connectionSchema>;

/** The built-in queue and Horizon config with the env hooks that are set laid over it. */
export function seedConfigWithEnv(hooks: SeedEnvHooks): Required<Pick<ConfigInput, "queue" | "horizon">> {
  const connections: Record<string, ConnectionInput> = { ...queueConfig.connections };
  const redis = connections.redis;
  if (hooks.REDIS_QUEUE && redis?.driver === "redis") connections.redis = { ...redis, queue: hooks.REDIS_QUEUE };
  return {
    queue: { ...queueConfig, default: hooks.QUEUE_CONNECTION ?? queueConfig.default, connections },
    horizon: { ...horizonConfig, memoryLimit: hooks.HORIZON_MEMORY_LIMIT ?? horizonConfig.memoryLimit },
  };
}
