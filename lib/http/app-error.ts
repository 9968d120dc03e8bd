/** An error that is also an HTTP answer: a status, a stable code and a message for the client. */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal_error";
  readonly details?: unknown;

  constructor(message: string, options?: { status?: number; code?: string; details?: unknown; cause?: unknown }) {
    super(message, { cause: options?.cause });
    if (options?.status) this.status = options.status;
    if (options?.code) this.code = options.code;
    this.details = options?.details;
  }
}

export class BadRequest extends AppError {
  override readonly status = 400;
  override readonly code: string = "bad_request";
}

export class Unauthenticated extends AppError {
  override readonly status = 401;
  override readonly code = "unauthenticated";
  constructor(message = "Sign in to use the console.") {
    super(message);
  }
}

export class Forbidden extends AppError {
  override readonly status = 403;
  override readonly code = "forbidden";
  constructor(message = "Your role may read but not change this.") {
    super(message);
  }
}

export class NotFound extends AppError {
  override readonly status = 404;
  override readonly code: string = "not_found";
}

export class ServiceUnavailable extends AppError {
  override readonly status = 503;
  override readonly code: string = "service_unavailable";
}
