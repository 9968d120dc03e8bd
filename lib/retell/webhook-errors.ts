// The webhook route's refusals, each a status + stable code (see lib/http/error-response.ts).
import { AppError, BadRequest, ServiceUnavailable } from "../http/app-error";
import type { SignatureRejection } from "./signature";

const SIGNATURE_MESSAGES: Record<SignatureRejection, string> = {
  missing: "The x-retell-signature header is missing.",
  malformed: "The x-retell-signature header is not of the form v=<unix ms>,d=<hex digest>.",
  expired: "The signature's timestamp is more than 5 minutes from the server's clock.",
  mismatch: "The signature does not match the body.",
};

export class InvalidSignature extends AppError {
  override readonly status = 401;
  override readonly code = "invalid_signature";
  constructor(readonly reason: SignatureRejection) {
    super(SIGNATURE_MESSAGES[reason], { details: { reason } });
  }
}

export class InvalidJson extends BadRequest {
  override readonly code = "invalid_json";
  constructor() {
    super("The body is not valid JSON.");
  }
}

/** Nested deeper than WEBHOOK_MAX_JSON_DEPTH: refused before parsing (see json-depth.ts). */
export class JsonTooDeep extends BadRequest {
  override readonly code = "json_too_deep";
  constructor(limit: number) {
    super(`The body nests arrays/objects deeper than ${limit} levels.`);
  }
}

export class NotARetellEvent extends BadRequest {
  override readonly code = "not_a_retell_event";
}

/** Production without RETELL_API_KEY: refuse (Retell retries) rather than accept unverified input. */
export class WebhookKeyMissing extends ServiceUnavailable {
  override readonly code = "webhook_key_missing";
}

/** Redis did not take the job: answer 503 so Retell retries; nothing unstored is acknowledged. */
export class QueueUnavailable extends ServiceUnavailable {
  override readonly code = "queue_unavailable";
}
