// A JSON value as a tree the console can render without freezing: long
// strings, long arrays and big objects are cut to a budget and say how much
// was left out. Pure; used by the server (job and payload previews) and by the
// browser ("load all" converts the full payload with a larger budget).

export type JsonNode =
  | { t: "null" }
  | { t: "bool"; v: boolean }
  | { t: "num"; v: number }
  | { t: "str"; v: string; /** characters left out */ more?: number }
  | { t: "arr"; items: JsonNode[]; /** items left out */ more?: number }
  | { t: "obj"; entries: [string, JsonNode][]; /** keys left out */ more?: number }
  /** Nesting deeper than the budget allows. */
  | { t: "deep"; kind: "arr" | "obj"; size: number };

export interface JsonBudget {
  /** Characters kept of any one string. @defaultValue 2_000 */
  maxString: number;
  /** Items/keys kept per array/object. @defaultValue 200 */
  maxItems: number;
  /** Nodes in the whole tree; what is past it is counted, not kept. @defaultValue 5_000 */
  maxNodes: number;
  /** Nesting kept. @defaultValue 20 */
  maxDepth: number;
}

export const PREVIEW_BUDGET: JsonBudget = { maxString: 2_000, maxItems: 200, maxNodes: 5_000, maxDepth: 20 };
/** "Load all": everything, but a single giant string still stops at 200k characters. */
export const FULL_BUDGET: JsonBudget = { maxString: 200_000, maxItems: Number.MAX_SAFE_INTEGER, maxNodes: Number.MAX_SAFE_INTEGER, maxDepth: 200 };

interface State {
  budget: JsonBudget;
  nodes: number;
  truncated: boolean;
}

function convert(value: unknown, depth: number, s: State): JsonNode {
  s.nodes++;
  if (value === null || value === undefined) return { t: "null" };
  switch (typeof value) {
    case "boolean":
      return { t: "bool", v: value };
    case "number":
      return { t: "num", v: value };
    case "string": {
      if (value.length <= s.budget.maxString) return { t: "str", v: value };
      s.truncated = true;
      return { t: "str", v: value.slice(0, s.budget.maxString), more: value.length - s.budget.maxString };
    }
    case "object":
      break;
    default:
      return { t: "str", v: String(value) };
  }
  const isArray = Array.isArray(value);
  const size = isArray ? value.length : Object.keys(value as object).length;
  if (depth >= s.budget.maxDepth && size > 0) {
    s.truncated = true;
    return { t: "deep", kind: isArray ? "arr" : "obj", size };
  }
  const room = Math.max(0, Math.min(s.budget.maxItems, s.budget.maxNodes - s.nodes));
  if (isArray) {
    const items: JsonNode[] = [];
    for (let i = 0; i < value.length && items.length < room && s.nodes < s.budget.maxNodes; i++) items.push(convert(value[i], depth + 1, s));
    const more = value.length - items.length;
    if (more > 0) s.truncated = true;
    return more > 0 ? { t: "arr", items, more } : { t: "arr", items };
  }
  const entries: [string, JsonNode][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (entries.length >= room || s.nodes >= s.budget.maxNodes) break;
    entries.push([k, convert(v, depth + 1, s)]);
  }
  const more = size - entries.length;
  if (more > 0) s.truncated = true;
  return more > 0 ? { t: "obj", entries, more } : { t: "obj", entries };
}

/** The tree of `value` within `budget`, and whether anything was left out. */
export function toJsonNode(value: unknown, budget: Partial<JsonBudget> = {}): { node: JsonNode; truncated: boolean } {
  const s: State = { budget: { ...PREVIEW_BUDGET, ...budget }, nodes: 0, truncated: false };
  const node = convert(value, 0, s);
  return { node, truncated: s.truncated };
}

/** Bytes of the value as JSON text (what "load all" will download). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value ?? null);
  return typeof TextEncoder !== "undefined" ? new TextEncoder().encode(text).length : text.length;
}
