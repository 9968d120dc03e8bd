// Generated Retell webhook deliveries for the fuzz test: a body family × a
// signature family, both drawn from a seeded PRNG. Pure (no I/O): the test
// posts them and judges the answers.
import { signRetellBody } from "@/lib/retell/signature";
import type { Prng } from "./prng";

export type SignatureKind =
  | "valid" | "missing" | "garbage" | "random-digest" | "wrong-key" | "replayed-old" | "future"
  | "tampered-body" | "duplicate-header" | "uppercase-digest" | "empty-digest";

export type BodyKind =
  | "envelope" | "wrong-types" | "unicode" | "duplicate-keys" | "deep-nesting" | "huge" | "near-limit"
  | "invalid-utf8" | "not-json" | "empty" | "proto-keys" | "non-object";

export interface FuzzCase {
  index: number;
  body: BodyKind;
  signature: SignatureKind;
  /** What was posted: text, or raw bytes (invalid UTF-8). */
  payload: string | Uint8Array;
  headers: Headers;
  /** Only these may ever be acknowledged (2xx) or enqueue a job. */
  validlySigned: boolean;
}

const EVENTS = ["call_started", "call_ended", "call_analyzed", "transcript_updated", "transfer_started", "made_up_event"];
const ONE_MB = 1024 * 1024;
const HUGE = "x".repeat(ONE_MB + 64);
const NEAR_LIMIT_FILL = "y".repeat(ONE_MB - 4096);
const WEIRD = ["\u0000", "\u202e", "\u200b", "\ud800", "\udfff", "😀", "𝔘𝔫𝔦", "ß", "\uffff", "\\", "\"", "\n", "\u2028", "<script>", "' OR 1=1 --", "%00", "..%2f"];

function callId(rng: Prng): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  return Array.from({ length: rng.int(1, 40) }, () => rng.pick([...alphabet])).join("");
}

function weirdText(rng: Prng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    out += rng.chance(0.3) ? rng.pick(WEIRD) : String.fromCodePoint(rng.int(0, rng.chance(0.5) ? 0x7f : 0x10ffff));
  }
  return out;
}

function envelope(rng: Prng): Record<string, unknown> {
  return { event: rng.pick(EVENTS), call: { call_id: callId(rng), agent_id: `agent_${rng.int(1, 9)}`, start_timestamp: Date.now() } };
}

function wrongValue(rng: Prng): unknown {
  return rng.pick<unknown>([null, 0, -1, 1e308, true, "", [], {}, [1, 2], { call_id: 1 }, "a:b", "x".repeat(200), weirdText(rng, 5)]);
}

function nested(depth: number, array: boolean): string {
  return array ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** A body of the given family, as the exact text (or bytes) that goes on the wire. */
function makeBody(kind: BodyKind, rng: Prng): string | Uint8Array {
  switch (kind) {
    case "envelope":
      return JSON.stringify(envelope(rng));
    case "wrong-types": {
      const e = envelope(rng) as { event: unknown; call: Record<string, unknown> | unknown };
      const target = rng.int(0, 2);
      if (target === 0) e.event = wrongValue(rng);
      else if (target === 1) e.call = wrongValue(rng);
      else (e.call as Record<string, unknown>).call_id = wrongValue(rng);
      return JSON.stringify(e);
    }
    case "unicode": {
      const e = envelope(rng) as { event: string; call: Record<string, unknown> };
      if (rng.chance(0.5)) e.event = weirdText(rng, rng.int(1, 20));
      if (rng.chance(0.5)) e.call.call_id = weirdText(rng, rng.int(1, 20));
      e.call.transcript = weirdText(rng, rng.int(1, 400));
      return (rng.chance(0.2) ? "\ufeff" : "") + JSON.stringify(e);
    }
    case "duplicate-keys": {
      const a = callId(rng);
      const b = callId(rng);
      return `{"event":"call_started","call":{"call_id":"${a}","call_id":${JSON.stringify(wrongValue(rng))}},"event":${JSON.stringify(rng.pick([...EVENTS, 7, null]))},"call":{"call_id":"${b}"}}`;
    }
    case "deep-nesting": {
      const depth = rng.pick([64, 1_000, 10_000, 100_000]);
      if (rng.chance(0.4)) return nested(depth, rng.chance(0.5));
      // Valid envelope whose extra field is deeply nested: passes the envelope check.
      return `{"event":"call_ended","call":{"call_id":"${callId(rng)}","extra":${nested(depth, rng.chance(0.5))}}}`;
    }
    case "huge":
      return rng.chance(0.5) ? HUGE : `{"event":"call_ended","call":{"call_id":"c","transcript":"${HUGE}"}}`;
    case "near-limit":
      return `{"event":"call_analyzed","call":{"call_id":"${callId(rng)}","transcript":"${NEAR_LIMIT_FILL}"}}`;
    case "invalid-utf8": {
      const bytes = new Uint8Array(rng.int(1, 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0x80, 0xff);
      return bytes;
    }
    case "not-json":
      return rng.pick(["{", "}", "nul", "{'event':'call_started'}", "undefined", "NaN", "[1,]", weirdText(rng, rng.int(1, 50))]);
    case "empty":
      return "";
    case "proto-keys":
      return `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"event":"call_started","call":{"call_id":"${callId(rng)}","__proto__":{"call_id":"x"}}}`;
    case "non-object":
      return JSON.stringify(rng.pick<unknown>([null, 1, "call_started", [envelope(rng)], true, []]));
  }
}

function latin1Garbage(rng: Prng): string {
  return Array.from({ length: rng.int(1, 300) }, () => String.fromCharCode(rng.int(0x20, 0xff))).join("");
}

const hex = (rng: Prng, n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");

/** The x-retell-signature header(s) for a body; undefined = no header at all. */
function makeSignature(kind: SignatureKind, text: string, key: string, rng: Prng): string[] | undefined {
  const now = Date.now();
  switch (kind) {
    case "valid":
      return [signRetellBody(text, key, now - rng.int(0, 60_000))];
    case "missing":
      return undefined;
    case "garbage":
      return [rng.pick(["", " ", "v=,d=", "sha256=abc", `v=${now}`, `d=${hex(rng, 64)}`, `v=${now},d=${hex(rng, 64)},x=1`, latin1Garbage(rng)])];
    case "random-digest":
      return [`v=${now},d=${hex(rng, 64)}`];
    case "wrong-key":
      return [signRetellBody(text, `${key}x`, now)];
    case "replayed-old":
      // A real signature of this very body, captured long enough ago to be outside the window.
      return [signRetellBody(text, key, now - rng.pick([5 * 60_000 + 1_000, 3_600_000, 86_400_000 * 365]))];
    case "future":
      return [signRetellBody(text, key, now + rng.pick([5 * 60_000 + 1_000, 3_600_000]))];
    case "tampered-body":
      return [signRetellBody(text + " ", key, now)];
    case "duplicate-header":
      return rng.chance(0.5) ? [signRetellBody(text, key, now), `v=${now},d=${hex(rng, 64)}`] : [`v=${now},d=${hex(rng, 64)}`, signRetellBody(text, key, now)];
    case "uppercase-digest": {
      const [v, d] = signRetellBody(text, key, now).split(",");
      return [`${v},${d!.toUpperCase().replace("D=", "d=")}`];
    }
    case "empty-digest":
      return [`v=${now},d=`];
  }
}

const BODY_WEIGHTS: [BodyKind, number][] = [
  ["envelope", 20], ["wrong-types", 15], ["unicode", 15], ["duplicate-keys", 8], ["deep-nesting", 6], ["huge", 1],
  ["near-limit", 1], ["invalid-utf8", 6], ["not-json", 8], ["empty", 3], ["proto-keys", 5], ["non-object", 5],
];
const SIGNATURES: SignatureKind[] = [
  "missing", "garbage", "random-digest", "wrong-key", "replayed-old", "future", "tampered-body", "duplicate-header", "uppercase-digest", "empty-digest",
];

function weighted<T>(rng: Prng, table: [T, number][]): T {
  let roll = rng.next() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of table) if ((roll -= w) < 0) return value;
  return table[table.length - 1]![0];
}

/** Case `index`: ~10 % validly signed (so the acceptance path is fuzzed too), the rest forged. */
export function generateCase(index: number, rng: Prng, key: string): FuzzCase {
  let body = weighted(rng, BODY_WEIGHTS);
  const signature: SignatureKind = rng.chance(0.1) ? "valid" : rng.pick(SIGNATURES);
  const signed = signature === "valid" || signature === "uppercase-digest";
  // Valid, near-1 MB bodies are stored as jobs: keep them rare so the test stays lean.
  if (signed && body === "near-limit" && rng.chance(0.8)) body = "envelope";
  const payload = makeBody(body, rng);
  const text = typeof payload === "string" ? payload : new TextDecoder("utf-8", { ignoreBOM: true }).decode(payload);
  const headers = new Headers();
  if (rng.chance(0.7)) headers.set("content-type", rng.pick(["application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"]));
  // A lying or absurd Content-Length must not change the outcome either.
  if (rng.chance(0.05)) headers.set("content-length", String(rng.pick([0, 1, 10, 2 ** 31, 2 ** 53, ONE_MB + 1])));
  for (const value of makeSignature(signature, text, key, rng) ?? []) headers.append("x-retell-signature", value);
  // An upper-case hex digest is the same HMAC in another spelling: only the key holder can make it.
  return { index, body, signature, payload, headers, validlySigned: signature === "valid" || signature === "uppercase-digest" };
}
