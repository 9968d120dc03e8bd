"use client";
// A payload as collapsible, pretty JSON. Every key and value is a React text
// node (never HTML), so markup inside a payload shows as the characters it is.
// Big payloads stay cheap: the server sends a preview cut to a budget, nodes
// render only when opened and 100 children at a time, and "Load all" fetches
// the whole payload only when asked.
import { useState } from "react";
import { FULL_BUDGET, toJsonNode, type JsonNode } from "@/lib/console/json-node";
import { formatBytes, formatNumber } from "./format";
import { Button, ErrorNote } from "./ui";

const PAGE = 100;

function Scalar({ node }: { node: JsonNode }) {
  switch (node.t) {
    case "null":
      return <span className="text-zinc-500">null</span>;
    case "bool":
      return <span className="text-amber-700 dark:text-amber-300">{String(node.v)}</span>;
    case "num":
      return <span className="text-sky-700 dark:text-sky-300">{String(node.v)}</span>;
    case "str":
      return (
        <span className="break-all text-emerald-800 dark:text-emerald-300">
          {JSON.stringify(node.v)}
          {node.more ? <span className="ml-1 text-xs text-zinc-500">… {formatNumber(node.more)} more characters</span> : null}
        </span>
      );
    case "deep":
      return <span className="text-zinc-500">{node.kind === "arr" ? `[ ${node.size} items … ]` : `{ ${node.size} keys … }`}</span>;
    default:
      return null;
  }
}

function Entry({ name, node, depth }: { name: string | null; node: JsonNode; depth: number }) {
  const container = node.t === "arr" || node.t === "obj";
  const [open, setOpen] = useState(depth < 1);
  const [shown, setShown] = useState(PAGE);
  const label = name === null ? null : <span className="text-indigo-800 dark:text-indigo-300">{JSON.stringify(name)}: </span>;
  if (!container) {
    return (
      <li className="pl-4">
        {label}
        <Scalar node={node} />
      </li>
    );
  }
  const children: [string | null, JsonNode][] = node.t === "arr" ? node.items.map((n, i) => [String(i), n]) : node.entries;
  const size = children.length + (node.more ?? 0);
  const [openCh, closeCh] = node.t === "arr" ? ["[", "]"] : ["{", "}"];
  return (
    <li className="pl-4">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="-ml-4 mr-1 inline-block w-4 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
        aria-label={`${open ? "Collapse" : "Expand"} ${name ?? "root"}`}
      >
        {open ? "▾" : "▸"}
      </button>
      {label}
      <span className="text-zinc-500">
        {openCh}
        {!open ? ` ${formatNumber(size)} ${node.t === "arr" ? (size === 1 ? "item" : "items") : size === 1 ? "key" : "keys"} ${closeCh}` : null}
      </span>
      {open ? (
        <>
          <ul>
            {children.slice(0, shown).map(([k, child], i) => (
              <Entry key={`${k}-${i}`} name={node.t === "arr" ? null : k} node={child} depth={depth + 1} />
            ))}
            {children.length > shown ? (
              <li className="pl-4">
                <Button variant="ghost" onClick={() => setShown((s) => s + PAGE)}>
                  Show {Math.min(PAGE, children.length - shown)} more of {formatNumber(children.length - shown)}
                </Button>
              </li>
            ) : null}
            {node.more ? <li className="pl-4 text-xs text-zinc-500">… {formatNumber(node.more)} more not loaded</li> : null}
          </ul>
          <span className="text-zinc-500">{closeCh}</span>
        </>
      ) : null}
    </li>
  );
}

export function JsonView({
  node,
  truncated = false,
  bytes,
  loadAll,
  label = "Payload",
  rawHref,
}: {
  node: JsonNode;
  truncated?: boolean;
  bytes?: number;
  loadAll?: () => Promise<unknown>;
  label?: string;
  /** The whole value as a JSON download (strings past 200k characters stay cut in the tree). */
  rawHref?: string;
}) {
  const [full, setFull] = useState<JsonNode | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(0);

  async function onLoadAll() {
    if (!loadAll) return;
    setLoading(true);
    setError(null);
    try {
      setFull(toJsonNode(await loadAll(), FULL_BUDGET).node);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  return (
    <div data-testid="json-view">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        {bytes !== undefined ? <span>{formatBytes(bytes)}</span> : null}
        {truncated && !full ? <span>Preview: long values and lists are shortened.</span> : null}
        {truncated && !full && loadAll ? (
          <Button onClick={onLoadAll} disabled={loading}>
            {loading ? "Loading…" : `Load all${bytes ? ` (${formatBytes(bytes)})` : ""}`}
          </Button>
        ) : null}
        {rawHref ? (
          <a href={rawHref} download className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            Download JSON
          </a>
        ) : null}
        <Button variant="ghost" onClick={() => setKey((k) => k + 1)} title="Collapse everything">
          Collapse all
        </Button>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      <ul aria-label={label} className="max-h-[32rem] overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-xs leading-5 dark:bg-zinc-950" key={key}>
        <Entry name={null} node={full ?? node} depth={0} />
      </ul>
    </div>
  );
}
