// The key that signs and encrypts session cookies.
import { env } from "../env";
import { ConfigError } from "../config/config-error";

/**
 * NEXTAUTH_SECRET, required in production. `npm start`/`npm run dev` generate
 * one into .switchyard/ and `npm test` uses a fixed test value; a production
 * process without it must refuse to serve rather than invent a key.
 */
export function authSecret(): string {
  const { NEXTAUTH_SECRET, NODE_ENV } = env();
  if (NEXTAUTH_SECRET) {
    if (NODE_ENV === "production" && NEXTAUTH_SECRET.length < 32) {
      throw new ConfigError(["environment variable NEXTAUTH_SECRET: must be at least 32 characters in production (e.g. `openssl rand -base64 32`)"]);
    }
    return NEXTAUTH_SECRET;
  }
  if (NODE_ENV === "production") {
    throw new ConfigError([
      "environment variable NEXTAUTH_SECRET: required in production to sign session cookies; set it to a random value of at least 32 characters (e.g. `openssl rand -base64 32`), or start with `npm start`, which generates one",
    ]);
  }
  throw new ConfigError([
    "environment variable NEXTAUTH_SECRET: not set; `npm run dev` and `npm test` provide it (scripts/bootstrap.mjs) — set it when starting Next directly",
  ]);
}
