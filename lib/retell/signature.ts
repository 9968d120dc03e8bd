// Retell's webhook signature: `x-retell-signature: v=<unix ms>,d=<hex HMAC-SHA256(body + ms)>`
// keyed by the Retell API key. The decision is the official SDK's `Retell.verify`
// (constant-time Web Crypto verify, 5-minute window); we only parse the header
// ourselves first so the log can say WHY a delivery was refused.
import { createHmac } from "node:crypto";
import { Retell } from "retell-sdk";

export const RETELL_SIGNATURE_HEADER = "x-retell-signature";
/** Retell.verify's own window; mirrored here only to name the reason. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

const HEADER_FORMAT = /^v=(\d{1,16}),d=([0-9a-f]{64})$/i;

export type SignatureRejection = "missing" | "malformed" | "expired" | "mismatch";
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureRejection };

/** Shape-only reading of the header (no crypto): missing, malformed or outside the window. */
export function inspectSignatureHeader(header: string | null | undefined, now: number = Date.now()): SignatureCheck {
  if (!header || !header.trim()) return { ok: false, reason: "missing" };
  const match = HEADER_FORMAT.exec(header.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const timestamp = Number(match[1]);
  if (!Number.isSafeInteger(timestamp)) return { ok: false, reason: "malformed" };
  if (Math.abs(now - timestamp) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: "expired" };
  return { ok: true, timestamp };
}

/**
 * Verifies a delivery against the exact raw body. `Retell.verify` returns a
 * Promise in current SDKs: it MUST be awaited — a Promise is truthy, so a missing
 * `await` would accept every request.
 */
export async function verifyRetellSignature(rawBody: string, header: string | null | undefined, apiKey: string): Promise<SignatureCheck> {
  const shape = inspectSignatureHeader(header);
  if (!shape.ok) return shape;
  const valid: boolean = await Retell.verify(rawBody, apiKey, header!.trim());
  // Retell.verify also enforces the window; a `false` here after our shape check is a wrong digest or key.
  return valid === true ? shape : { ok: false, reason: "mismatch" };
}

/** Signs a body the way Retell does (tests, the demo and the bench). `timestamp` lets tests forge old signatures. */
export function signRetellBody(rawBody: string, apiKey: string, timestamp: number = Date.now()): string {
  const digest = createHmac("sha256", apiKey).update(rawBody + timestamp).digest("hex");
  return `v=${timestamp},d=${digest}`;
}
