import type { z } from "zod";

/**
 * A configuration value is invalid. The message names each bad field by its
 * path and says what is allowed, so the process can refuse to start with it.
 */
export class ConfigError extends Error {
  override name = "ConfigError";

  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }

  static fromZod(error: z.ZodError, what: string): ConfigError {
    return new ConfigError(
      error.issues.map((issue) => {
        const path = issue.path.length ? issue.path.join(".") : "(root)";
        return `${what} ${path}: ${issue.message}`;
      }),
    );
  }
}
