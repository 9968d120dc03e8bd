// How deeply a JSON text nests, read from the raw text without parsing it.
// A validly signed body nested thousands of levels deep parses fine but blows
// the stack when BullMQ serialises the job (RangeError → it looked like "Redis
// down" → 503, and Retell would retry a poison delivery). Found by
// tests/security/webhook-fuzz.int.test.ts; Retell's real deliveries nest < 10.

/** Generous against Retell's real payloads (transcript_object → words → …), far below stack limits. */
export const WEBHOOK_MAX_JSON_DEPTH = 64;

/** True when `text` opens more than `limit` nested arrays/objects at some point (brackets in strings ignored). */
export function exceedsJsonDepth(text: string, limit: number = WEBHOOK_MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
