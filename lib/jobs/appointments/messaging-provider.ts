// The SMS/WhatsApp provider, spoken to over HTTP at SMS_PROVIDER_URL:
//   POST {base}/messages  { channel: "sms" | "whatsapp", to, body }  → 2xx { id }
// with an Idempotency-Key, so a retry after a timeout does not text twice.
// 4xx (except 408/429) means the message can never go out: no retry.
import { UnrecoverableError } from "bullmq";
import { env } from "../../env";

export type MessageChannel = "sms" | "whatsapp";

export interface OutboundMessage {
  channel: MessageChannel;
  to: string;
  body: string;
  idempotencyKey: string;
}

export class MessagingProviderError extends Error {
  override readonly name = "MessagingProviderError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export class MessageRejected extends UnrecoverableError {
  override readonly name = "MessageRejected";
}

export interface ProviderOptions {
  baseUrl?: string;
  signal?: AbortSignal;
  /** @defaultValue 10000 */
  timeoutMs?: number;
}

export async function sendProviderMessage(message: OutboundMessage, options: ProviderOptions = {}): Promise<{ id: string }> {
  const url = new URL("messages", (options.baseUrl ?? env().SMS_PROVIDER_URL).replace(/\/?$/, "/"));
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": message.idempotencyKey },
      body: JSON.stringify({ channel: message.channel, to: message.to, body: message.body }),
      signal,
    });
  } catch (error) {
    throw new MessagingProviderError(`${message.channel} provider unreachable at ${url.origin}: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => "");
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw new MessageRejected(`${message.channel} provider rejected the message (${response.status}): ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    throw new MessagingProviderError(`${message.channel} provider answered ${response.status}: ${text.slice(0, 200)}`, response.status);
  }
  let id = "";
  try {
    id = String((JSON.parse(text) as { id?: unknown }).id ?? "");
  } catch {
    // A 2xx without a JSON id still means the provider took the message.
  }
  return { id };
}
