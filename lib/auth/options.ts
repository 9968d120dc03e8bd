// next-auth v4 configuration: credentials against the User table, JWT sessions
// (no adapter tables), our own cookie name and attributes.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Role } from "../db/client";
import { logger } from "../logger";
import { authorizeCredentials } from "./authorize";
import { authSecret } from "./secret";
import { clientAddress } from "./throttle-policy";
import { SESSION_MAX_AGE_SECONDS, sessionCookieName, sessionCookieOptions, useSecureCookies } from "./session-cookie";

/** The claims Switchyard keeps in the session JWT (next-auth adds sub, iat, exp, jti). */
export interface SessionClaims {
  sub?: string;
  email?: string | null;
  name?: string | null;
  role?: Role;
}

function headerReader(headers: unknown): { get(name: string): string | null } {
  const record = (headers ?? {}) as Record<string, string | string[] | undefined>;
  return {
    get(name) {
      const value = record[name] ?? record[name.toLowerCase()];
      return Array.isArray(value) ? value.join(",") : (value ?? null);
    },
  };
}

/**
 * Built per request (not at import) so `next build` works without a secret
 * and a missing production secret fails the request with a clear message.
 */
export function authOptions(): NextAuthOptions {
  const secure = useSecureCookies();
  return {
    secret: authSecret(),
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: { name: sessionCookieName(secure), options: sessionCookieOptions(secure) },
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: async (credentials, req) => {
          const user = await authorizeCredentials(credentials, clientAddress(headerReader(req?.headers)));
          return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // `user` is only present on sign-in; afterwards the token carries the claims.
        if (user) {
          token.sub = user.id;
          (token as SessionClaims).role = (user as { role?: Role }).role;
        }
        return token;
      },
      session({ session, token }) {
        const claims = token as SessionClaims;
        return { ...session, user: { ...session.user, id: claims.sub, role: claims.role } };
      },
    },
    logger: {
      // next-auth logs a CredentialsSignin "error" for every wrong password; keep real errors only.
      error(code, metadata) {
        if (code === "CLIENT_FETCH_ERROR") return;
        logger.error({ metadata }, `next-auth: ${code}`);
      },
      warn() {},
      debug() {},
    },
  };
}
