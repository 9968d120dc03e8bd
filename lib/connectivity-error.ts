// Whether an error means "a backing service is not answering" rather than "this request or job is
// wrong": route handlers answer 503 for it, job middleware waits instead of spending a try.

/** Connection failures of PostgreSQL (Prisma/pg) and Redis (ioredis), recognised by name/code, not by message text. */
export function isConnectivityError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "P1001", "P1002", "P1017"].includes(code)) return true;
  return ["PrismaClientInitializationError", "MaxRetriesPerRequestError"].includes(error.name) ||
    (error.cause !== undefined && isConnectivityError(error.cause));
}
