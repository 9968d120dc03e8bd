// One place that turns any thrown value into a JSON answer:
// { error: { code, message, details? } } with the error's status.
import { ZodError } from "zod";
import { logger } from "../logger";
import { AppError, ServiceUnavailable } from "./app-error";
import { InvalidInput } from "./http-errors";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function invalidInput(error: ZodError, where: string): InvalidInput {
  return new InvalidInput(`Invalid ${where}.`, {
    details: error.issues.map((i) => ({ path: [where, ...i.path].join("."), message: i.message })),
  });
}

/** Connection failures of PostgreSQL (Prisma/pg) and Redis (ioredis), recognised by name/code, not by message text. */
function isConnectivityError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "P1001", "P1002", "P1017"].includes(code)) return true;
  return ["PrismaClientInitializationError", "MaxRetriesPerRequestError"].includes(error.name) ||
    (error.cause !== undefined && isConnectivityError(error.cause));
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return invalidInput(error, "input");
  if (isConnectivityError(error)) {
    logger.warn({ err: error }, "request failed: a backing service is unavailable");
    return new ServiceUnavailable("A backing service (PostgreSQL or Redis) is not answering. Try again shortly.");
  }
  logger.error({ err: error }, "unhandled error in route handler");
  return new AppError("Something went wrong on the server.", { status: 500, code: "internal_error" });
}

export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  const body: ErrorBody = { error: { code: appError.code, message: appError.message } };
  if (appError.details !== undefined) body.error.details = appError.details;
  return Response.json(body, { status: appError.status, headers: { "cache-control": "no-store" } });
}
