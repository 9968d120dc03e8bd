// Whether an error means "a backing service is not answering" rather than "this request or job is
// wrong": route handlers answer 503 for it, job middleware waits instead of spending a try.

const CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "P1001", "P1002", "P1017"]);
const NAMES: ReadonlySet<string> = new Set([
  "PrismaClientInitializationError", "MaxRetriesPerRequestError", "RedisUnavailable", "ConnectionClosedError",
]);
/**
 * Errors ioredis (a connection without an offline queue, or closed) and pg (a pooled connection the
 * server dropped) throw as plain Errors: no code, no class of their own, so the message is all there is.
 */
const MESSAGES: readonly RegExp[] = [
  /^Stream isn't writeable and enableOfflineQueue options is false$/,
  /^Connection is closed\.$/,
  /^Connection terminated (unexpectedly|due to connection timeout)$/,
];

/** Connection failures of PostgreSQL (Prisma/pg) and Redis (ioredis, BullMQ). */
export function isConnectivityError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && CODES.has(code)) return true;
  return NAMES.has(error.name) || MESSAGES.some((m) => m.test(error.message)) ||
    (error.cause !== undefined && isConnectivityError(error.cause));
}
