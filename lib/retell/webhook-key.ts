// Which key verifies Retell deliveries. In production a missing RETELL_API_KEY
// means every delivery is refused (503, so Retell keeps retrying while an
// operator fixes it) — never silently accepted. Outside production a fixed
// development key lets `npm run dev` + `npm run demo` work out of the box.
import type { Env } from "../env";

/** Known only to local development and the demo; never accepted in production. */
export const DEVELOPMENT_RETELL_KEY = "key_switchyard_local_development_only";

export type KeyResolution =
  | { ok: true; key: string; source: "env" | "development-default" }
  | { ok: false; reason: string };

export function resolveRetellKey(environment: Pick<Env, "RETELL_API_KEY" | "NODE_ENV">): KeyResolution {
  if (environment.RETELL_API_KEY) return { ok: true, key: environment.RETELL_API_KEY, source: "env" };
  if (environment.NODE_ENV !== "production") return { ok: true, key: DEVELOPMENT_RETELL_KEY, source: "development-default" };
  return {
    ok: false,
    reason:
      "RETELL_API_KEY is not set in production: refusing every Retell delivery with 503 " +
      "(set it to the Retell API key that carries the webhook badge; Retell retries meanwhile)",
  };
}
