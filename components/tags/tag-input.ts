// What the tag inputs accept, mirroring lib/tags/job-tags.ts normalizeTag (the
// server re-checks and answers 400 invalid_tag): 1–120 characters, no spaces.
export const TAG_PATTERN = "\\S{1,120}";
export const TAG_HINT = "1–120 characters without spaces, e.g. company:12";

export type TagKind = "recent" | "failed" | "monitored";

export interface TagQuery {
  tag: string;
  kind: TagKind;
}

export const TAG_KINDS: readonly TagKind[] = ["recent", "failed", "monitored"];

/** `keptFor`: the monitored window in words (from GET /api/tags), once it is known. */
export function kindLabel(kind: TagKind, keptFor?: string): string {
  if (kind === "recent") return "Recent jobs";
  if (kind === "failed") return "Failed jobs";
  return keptFor ? `Monitored (kept ${keptFor})` : "Monitored";
}
