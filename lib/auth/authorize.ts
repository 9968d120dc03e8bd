// The credentials check behind the sign-in form: throttle, look up, verify.
// next-auth turns a thrown Error's message into the `error` the login page
// shows, and a null into its generic "CredentialsSignin".
import { z } from "zod";
import { logger } from "../logger";
import { dummyPasswordHash, verifyPassword } from "./password";
import { reserveAttempt, type Reservation } from "./login-throttle";
import { throttledMessage } from "./throttle-policy";
import { findUserForSignIn, recordSignIn, type ConsoleUser } from "./users";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
});

export const SIGN_IN_UNAVAILABLE = "Sign-in is temporarily unavailable (the database or Redis is not answering). Try again shortly.";
export const ACCOUNT_DISABLED = "This account is disabled. Ask an admin to enable it.";

export interface AuthorizeDeps {
  reserve: (email: string, ip: string) => Promise<Reservation>;
  findUser: typeof findUserForSignIn;
  verify: (password: string, hash: string) => Promise<boolean>;
  recordSignIn: (id: string) => Promise<void>;
}

const defaultDeps: AuthorizeDeps = { reserve: reserveAttempt, findUser: findUserForSignIn, verify: verifyPassword, recordSignIn };

async function unavailableOnError<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    logger.error({ err: error }, `sign-in: ${what} failed`);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
}

export async function authorizeCredentials(raw: unknown, ip: string, deps: AuthorizeDeps = defaultDeps): Promise<ConsoleUser | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const reservation = await unavailableOnError("throttle check", () => deps.reserve(email, ip));
  if (!reservation.allowed) throw new Error(throttledMessage(reservation.retryAfterSeconds));

  const user = await unavailableOnError("user lookup", () => deps.findUser(email));
  if (!user) {
    // Same bcrypt work as a real check, so response time does not reveal which emails exist.
    await deps.verify(password, await dummyPasswordHash());
    return null;
  }
  if (!(await deps.verify(password, user.passwordHash))) return null;
  // Only after the right password, so the message reveals nothing to a guesser.
  if (user.disabled) throw new Error(ACCOUNT_DISABLED);

  await reservation.release().catch((error) => logger.warn({ err: error }, "sign-in: could not clear the failure window"));
  await deps.recordSignIn(user.id).catch((error) => logger.warn({ err: error }, "sign-in: could not record lastLoginAt"));
  logger.info({ userId: user.id, role: user.role }, "signed in");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
