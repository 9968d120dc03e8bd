// One place that turns any thrown value into a JSON answer:
// { error: { code, message, details? } } with the error's status.
import { ZodError } from "zod";
import { isConnectivityError } from "../connectivity-error";
import { logger } from "../logger";
import { AppError, ServiceUnavailable } from "./app-error";
import { InvalidInput } from "./http-errors";

/** What a 503 asks a client to wait before trying again (Redis or PostgreSQL reconnect within seconds). */
const RETRY_AFTER_SECONDS = 5;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function invalidInput(error: ZodError, where: string): InvalidInput {
  return new InvalidInput(`Invalid ${where}.`, {
    details: error.issues.map((i) => ({ path: [where, ...i.path].join("."), message: i.message })),
  });
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
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (appError.status === 503) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return Response.json(body, { status: appError.status, headers });
}
