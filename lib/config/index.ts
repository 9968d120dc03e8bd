// The application's configuration, loaded once from the environment.
import { env, type Env } from "../env";
import { seedConfigWithEnv } from "./env-hooks";
import { loadConfig, type AppConfig } from "./load-config";
import { withConfigOverride } from "./override";

export type { AppConfig, Supervisor, Environment } from "./load-config";
export { loadConfig } from "./load-config";
export { ConfigError } from "./config-error";
export { connectionLockWindow, type LockWindow } from "./lock-window";
export * from "./schema";
export type { WorkersTuning } from "./workers-tuning";

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= loadConfigFromEnv();
  return cached;
}

/**
 * What config() loads: the built-in config with the seed's env hooks (QUEUE_CONNECTION, REDIS_QUEUE,
 * HORIZON_MEMORY_LIMIT; lib/config/env-hooks.ts), then SWITCHYARD_CONFIG_FILE's sections, validated.
 */
export function loadConfigFromEnv(e: Env = env()): AppConfig {
  return loadConfig({ environment: e.SWITCHYARD_ENV, ...withConfigOverride(e.SWITCHYARD_CONFIG_FILE, seedConfigWithEnv(e)) });
}

/** Queues every supervisor of this environment consumes, in the config's order. */
export function consumedQueues(cfg: AppConfig = config()): string[] {
  return [...new Set(cfg.supervisors.flatMap((s) => s.queue))];
}
