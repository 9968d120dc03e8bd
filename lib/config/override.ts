// An optional JSON file (SWITCHYARD_CONFIG_FILE) whose sections replace parts
// of the built-in config: each key given under `queue` or `horizon` replaces the
// default's key of the same name, except `horizon.environments`, where each
// environment given replaces that environment. The merged result is validated by the same schemas as the
// defaults, so a bad value stops the process naming the field.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "./config-error";
import { horizonConfig } from "./horizon";
import { queueConfig } from "./queue";
import type { ConfigInput } from "./load-config";

const overrideFileSchema = z.strictObject({
  queue: z.record(z.string(), z.unknown()).optional(),
  horizon: z.record(z.string(), z.unknown()).optional(),
});

type Base = Required<Pick<ConfigInput, "queue" | "horizon">>;

/** The queue/horizon inputs with the file's sections laid over `base` (the built-in config, or it with the env hooks). */
export function withConfigOverride(
  path: string | undefined,
  base: Base = { queue: queueConfig, horizon: horizonConfig },
): Pick<ConfigInput, "queue" | "horizon"> {
  if (!path) return base;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError([`config override file ${path}: ${(error as Error).message}`]);
  }
  const parsed = overrideFileSchema.safeParse(raw);
  if (!parsed.success) throw ConfigError.fromZod(parsed.error, `config override file ${path}`);
  const horizon = parsed.data.horizon ?? {};
  return {
    queue: { ...base.queue, ...parsed.data.queue } as ConfigInput["queue"],
    horizon: {
      ...base.horizon,
      ...horizon,
      // One level deeper for environments: an environment given replaces that environment only.
      environments: { ...base.horizon.environments, ...(horizon.environments as object | undefined) },
    } as ConfigInput["horizon"],
  };
}
