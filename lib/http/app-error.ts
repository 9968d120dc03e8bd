export interface AppErrorOptions {
  status?: number;
  code?: string;
  details?: unknown;
  cause?: unknown;
}

/**
 * An error that is also an HTTP answer: a status, a stable code and a message for the client.
 * Subclasses that let callers choose the `code` pass their default through the
 * constructor: a subclass field initialiser would overwrite the caller's value.
 */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal_error";
  readonly details?: unknown;

  constructor(message: string, options?: AppErrorOptions) {
    super(message, { cause: options?.cause });
    if (options?.status) this.status = options.status;
    if (options?.code) this.code = options.code;
    this.details = options?.details;
  }
}

export class BadRequest extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, { code: "bad_request", ...options, status: 400 });
  }
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
  constructor(message: string, options?: AppErrorOptions) {
    super(message, { code: "not_found", ...options, status: 404 });
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, { code: "service_unavailable", ...options, status: 503 });
  }
}
