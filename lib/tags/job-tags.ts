// A job's tags, like Horizon's: the explicit tags of its definition plus tags
// taken automatically from well-known payload fields (Horizon tags the Eloquent
// models a job carries; our payloads carry ids). Pure: no I/O, cheap enough to
// run on every dispatch and every finished job.

/** Payload fields that name a domain object, and the tag prefix each becomes. */
const AUTO_FIELDS: Record<string, string> = {
  company_id: "company", companyId: "company", company: "company",
  customer_id: "customer", customerId: "customer", customer: "customer",
  call_id: "call", callId: "call", call: "call",
};

/** How deep into nested objects to look (Retell's `{ event, call: { call_id } }` needs 2). */
const MAX_DEPTH = 2;
/** A job with more tags than this keeps the first ones: tags index jobs, they are not a payload copy. */
export const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 120;

const TAG = /^[^\s]{1,120}$/;

/** A tag as stored and searched: trimmed, no whitespace, at most 120 characters. */
export function normalizeTag(tag: string): string | null {
  const t = tag.trim();
  return TAG.test(t) ? t : null;
}

function idValue(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "string" && value.trim() && value.length <= MAX_TAG_LENGTH) return value.trim();
  return null;
}

function collect(value: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
    const prefix = AUTO_FIELDS[field];
    if (prefix) {
      // `customer: 7` or `customer: { id: 7 }`; a `call: { call_id }` object is handled by recursing.
      const id = idValue(inner) ?? (inner && typeof inner === "object" ? idValue((inner as { id?: unknown }).id) : null);
      if (id !== null) out.push(`${prefix}:${id}`);
    }
    if (inner && typeof inner === "object") collect(inner, depth + 1, out);
  }
}

/** Tags found in a payload: `company:12`, `customer:7`, `call:abc`. */
export function autoTags(payload: unknown): string[] {
  const out: string[] = [];
  collect(payload, 1, out);
  return [...new Set(out)];
}

export type ExplicitTags<P> = string[] | ((payload: P) => string[]) | undefined;

/** The tags a definition declares for a payload; a tags() function that throws declares none. */
export function explicitTags<P>(explicit: ExplicitTags<P>, payload: P): string[] {
  try {
    return typeof explicit === "function" ? explicit(payload) : (explicit ?? []);
  } catch {
    // A tags() function that throws must not fail a dispatch; automatic tags still apply.
    return [];
  }
}

/**
 * Explicit tags first (the job author's choice), then automatic ones; deduplicated and bounded.
 * `rawPayload` is what is stored with the job, when it differs from the parsed payload the
 * tags() function sees: a zod schema strips fields it does not name, automatic tags must not.
 */
export function jobTags<P>(explicit: ExplicitTags<P>, payload: P, extra: readonly string[] = [], rawPayload: unknown = payload): string[] {
  return mergeTags(extra, explicitTags(explicit, payload), autoTags(rawPayload));
}

/** Union of tag lists in order, normalized, without duplicates, at most MAX_TAGS. */
export function mergeTags(...lists: readonly (readonly string[] | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) {
    for (const raw of list ?? []) {
      if (typeof raw !== "string") continue;
      const tag = normalizeTag(raw);
      if (tag && !seen.has(tag)) seen.add(tag);
      if (seen.size >= MAX_TAGS) return [...seen];
    }
  }
  return [...seen];
}
