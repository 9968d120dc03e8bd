// Finds every page and route handler under app/ and the URL each answers on,
// so the authorization matrix covers routes added later without being edited.
import { readdirSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface DiscoveredRoute {
  kind: "page" | "api";
  /** Path relative to the repository root, e.g. app/api/queues/[name]/route.ts. */
  file: string;
  /** A concrete URL for it, dynamic segments filled with SAMPLE_SEGMENT. */
  url: string;
  /** Whether any segment is dynamic ([id], [...slug]). */
  dynamic: boolean;
  /** The dynamic segments' names with the sample value, for calling a handler directly. */
  params: Record<string, string | string[]>;
}

export const SAMPLE_SEGMENT = "authz-probe";

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Private folders (_components) are not routes.
      if (!entry.name.startsWith("_")) out.push(...walk(full));
    } else out.push(full);
  }
  return out;
}

/** Segment list of a file's folder → URL pieces. Returns null for folders that are not URLs (parallel/intercepting). */
export function urlFor(segments: string[]): { url: string; dynamic: boolean; params: Record<string, string | string[]> } | null {
  const parts: string[] = [];
  const params: Record<string, string | string[]> = {};
  let dynamic = false;
  for (const seg of segments) {
    if (/^\((\.{1,3}|\.\.\)\(\.\.)\)/.test(seg)) return null; // intercepting route: reached by client navigation only
    if (seg.startsWith("(") && seg.endsWith(")")) continue; // route group
    if (seg.startsWith("@")) return null; // parallel slot: rendered by its layout, not a URL
    const catchAll = /^\[\[?\.\.\.(.+?)\]?\]$/.exec(seg);
    const single = /^\[(.+)\]$/.exec(seg);
    if (catchAll) {
      dynamic = true;
      params[catchAll[1]] = [SAMPLE_SEGMENT];
      parts.push(SAMPLE_SEGMENT);
    } else if (single) {
      dynamic = true;
      params[single[1]] = SAMPLE_SEGMENT;
      parts.push(SAMPLE_SEGMENT);
    } else parts.push(seg);
  }
  return { url: `/${parts.join("/")}`, dynamic, params };
}

export function discoverRoutes(root: string): DiscoveredRoute[] {
  const appDir = path.join(root, "app");
  const routes: DiscoveredRoute[] = [];
  for (const full of walk(appDir)) {
    const rel = path.relative(root, full).split(path.sep).join("/");
    const base = path.basename(full);
    const kind = /^page\.(tsx|ts|jsx|js|mdx)$/.test(base) ? "page" : /^route\.(ts|js)$/.test(base) ? "api" : null;
    if (!kind) continue;
    const segments = path.relative(appDir, path.dirname(full)).split(path.sep).filter(Boolean);
    const mapped = urlFor(segments);
    if (mapped) routes.push({ kind, file: rel, ...mapped });
  }
  return routes.sort((a, b) => a.url.localeCompare(b.url));
}
