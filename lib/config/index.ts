// The application's configuration, loaded once from the environment.
import { env } from "../env";
import { loadConfig, type AppConfig } from "./load-config";
import { withConfigOverride } from "./override";

export type { AppConfig, Supervisor, Environment } from "./load-config";
export { loadConfig } from "./load-config";
export { ConfigError } from "./config-error";
export * from "./schema";
export type { WorkersTuning } from "./workers-tuning";

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= loadConfig({ environment: env().SWITCHYARD_ENV, ...withConfigOverride(env().SWITCHYARD_CONFIG_FILE) });
  return cached;
}

/** Queues every supervisor of this environment consumes, in the config's order. */
export function consumedQueues(cfg: AppConfig = config()): string[] {
  return [...new Set(cfg.supervisors.flatMap((s) => s.queue))];
}
