// Redis Cluster settings, validated at the config edge (lib/env.ts). Pure: no I/O.
//
// BullMQ runs multi-key Lua scripts on every queue operation; on a cluster every
// key of one script must hash to one slot. Redis hashes only the part between the
// first `{` and the next `}` (the hash tag) when that part is non-empty, so a
// prefix such as `{switchyard}` puts every BullMQ key and every Switchyard key
// (lib/redis/connection.ts key()) in one slot. Without a tag they scatter and
// the first script fails with CROSSSLOT — so cluster mode refuses such a prefix.

export interface ClusterNode {
  host: string;
  port: number;
}

/** The hash tag Redis would use for keys starting with `prefix`, or null when it has none. */
export function hashTagOf(prefix: string): string | null {
  const open = prefix.indexOf("{");
  if (open === -1) return null;
  const close = prefix.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return null;
  return prefix.slice(open + 1, close);
}

const NODE = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/**
 * Parses `host:port,host:port` (seed nodes; the client discovers the rest).
 * Returns the nodes, or the problem with the first bad entry.
 */
export function parseClusterNodes(value: string): { nodes: ClusterNode[] } | { error: string } {
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return { error: "expected host:port[,host:port…]" };
  const nodes: ClusterNode[] = [];
  for (const entry of entries) {
    const m = NODE.exec(entry);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) return { error: `"${entry}" is not host:port (expected host:port[,host:port…])` };
    nodes.push({ host: m[1].replace(/^\[|\]$/g, ""), port });
  }
  return { nodes };
}
