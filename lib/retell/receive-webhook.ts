// POST /api/retell/webhook, as a function of a Request and its dependencies:
// key → raw body (limited) → signature (awaited) → JSON → envelope → enqueue → 204.
// The order matters: nothing about the body is interpreted before the signature
// holds, and nothing is acknowledged before Redis has stored the job.
import type { Logger } from "../logger";
import { AppError } from "../http/app-error";
import { errorResponse } from "../http/error-response";
import { oncePer } from "../once-per";
import { parseRetellEnvelope, type RetellEnvelope } from "./events";
import { webhookEventId } from "./event-id";
import { readRawBody } from "./read-raw-body";
import { RETELL_SIGNATURE_HEADER, verifyRetellSignature } from "./signature";
import { exceedsJsonDepth, WEBHOOK_MAX_JSON_DEPTH } from "./json-depth";
import { InvalidJson, InvalidSignature, JsonTooDeep, NotARetellEvent, QueueUnavailable, WebhookKeyMissing } from "./webhook-errors";
import type { KeyResolution } from "./webhook-key";

export interface AcceptedDelivery {
  webhookId: string;
  envelope: RetellEnvelope;
  receivedAt: Date;
}

export interface WebhookReceiverDeps {
  resolveKey(): KeyResolution;
  /** Stores the job; must reject (not hang) when Redis is unreachable. */
  enqueue(delivery: AcceptedDelivery): Promise<unknown>;
  logger: Logger;
  /** Bounds enqueue even if a connection misbehaves. @defaultValue 2000 */
  enqueueTimeoutMs?: number;
  /** Counts a 401 (signature refused) for the Webhooks screen; never awaited, a failure only logged. */
  countSignatureFailure?(): void | Promise<unknown>;
}

const keyComplaintDue = oncePer(60_000);

/** "The log says why", once a minute rather than once per refused delivery. */
function complainAboutKey(logger: Logger, reason: string): void {
  if (keyComplaintDue()) logger.error({ route: "retell-webhook" }, reason);
}

const countComplaintDue = oncePer(60_000);

/** Fire and forget: a counter that throws, rejects or hangs never changes the answer or its timing. */
function countRefusal(deps: WebhookReceiverDeps): void {
  const complain = (error: unknown) => {
    if (countComplaintDue()) deps.logger.warn({ err: error }, "retell webhook: could not count a signature failure");
  };
  try {
    const pending = deps.countSignatureFailure?.();
    if (pending) pending.catch(complain);
  } catch (error) {
    complain(error);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`enqueue did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function accept(request: Request, deps: WebhookReceiverDeps): Promise<AcceptedDelivery> {
  const key = deps.resolveKey();
  if (!key.ok) {
    complainAboutKey(deps.logger, key.reason);
    throw new WebhookKeyMissing("Webhook verification is not configured on this server (RETELL_API_KEY).");
  }
  const receivedAt = new Date();
  const raw = await readRawBody(request);
  const signature = await verifyRetellSignature(raw, request.headers.get(RETELL_SIGNATURE_HEADER), key.key);
  if (!signature.ok) throw new InvalidSignature(signature.reason);

  if (exceedsJsonDepth(raw)) throw new JsonTooDeep(WEBHOOK_MAX_JSON_DEPTH);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new InvalidJson();
  }
  const parsed = parseRetellEnvelope(body);
  if (!parsed.ok) throw new NotARetellEvent(parsed.reason);
  return { webhookId: webhookEventId(parsed.envelope, raw), envelope: parsed.envelope, receivedAt };
}

export async function receiveRetellWebhook(request: Request, deps: WebhookReceiverDeps): Promise<Response> {
  let delivery: AcceptedDelivery;
  try {
    delivery = await accept(request, deps);
  } catch (error) {
    if (error instanceof InvalidSignature) deps.logger.warn({ reason: error.reason }, "retell webhook refused: bad signature");
    else if (error instanceof AppError && error.status < 500) deps.logger.info({ code: error.code, reason: error.message }, "retell webhook refused");
    // A client that hangs up mid-body is not our failure: answer 400, it will not read it anyway.
    const response = errorResponse(error instanceof AppError ? error : new AppError("Could not read the request body.", { status: 400, code: "body_unreadable" }));
    if (response.status === 401) countRefusal(deps);
    return response;
  }
  try {
    await withTimeout(Promise.resolve(deps.enqueue(delivery)), deps.enqueueTimeoutMs ?? 2_000);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return errorResponse(error);
    deps.logger.error({ err: error, webhookId: delivery.webhookId }, "retell webhook not stored: Redis did not take the job; answering 503 so Retell retries");
    return errorResponse(new QueueUnavailable("The queue is unavailable; retry later."));
  }
  deps.logger.debug({ webhookId: delivery.webhookId, event: delivery.envelope.event }, "retell webhook enqueued");
  return new Response(null, { status: 204 });
}
