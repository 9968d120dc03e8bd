// Reads a request body as the exact text that was signed, refusing anything over
// the limit WITHOUT buffering it: a declared Content-Length over the limit is
// refused before reading, and a chunked/undeclared body is cut off (and the
// stream cancelled) as soon as the running total passes the limit.
import { AppError } from "../http/app-error";

export class PayloadTooLarge extends AppError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
  constructor(limitBytes: number) {
    super(`The body is larger than ${limitBytes} bytes.`);
  }
}

/** 1 MB: Retell's largest deliveries (call_analyzed with a long transcript) stay far below it. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export async function readRawBody(request: Request, limitBytes: number = WEBHOOK_BODY_LIMIT_BYTES): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes) throw new PayloadTooLarge(limitBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel("body over limit").catch(() => {});
      throw new PayloadTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  // ignoreBOM keeps a leading BOM in the text, so the bytes we verify are the bytes that were signed.
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(joined);
}
