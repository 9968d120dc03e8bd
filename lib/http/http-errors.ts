// Request-shape errors raised by the route() wrapper (domain errors live beside their domain).
import { AppError } from "./app-error";

export class UnsupportedMediaType extends AppError {
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

/** A mutation whose Origin / Sec-Fetch-Site shows it came from another site (CSRF). */
export class CrossSiteRequestRefused extends AppError {
  override readonly status = 403;
  override readonly code = "csrf_rejected";
}

/** Params, query or body failed their zod schema; `details` lists each bad field by path. */
export class InvalidInput extends AppError {
  override readonly status = 400;
  override readonly code = "invalid_input";
}

export class InvalidJson extends AppError {
  override readonly status = 400;
  override readonly code = "invalid_json";
}
