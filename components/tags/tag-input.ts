// What the tag inputs accept, mirroring lib/tags/job-tags.ts normalizeTag (the
// server re-checks and answers 400 invalid_tag): 1–120 characters, no spaces.
export const TAG_PATTERN = "\\S{1,120}";
export const TAG_HINT = "1–120 characters without spaces, e.g. company:12";

export type TagKind = "recent" | "failed" | "monitored";

export interface TagQuery {
  tag: string;
  kind: TagKind;
}

export const KIND_LABELS: Record<TagKind, string> = {
  recent: "Recent jobs",
  failed: "Failed jobs",
  monitored: "Monitored (kept 7 days)",
};
