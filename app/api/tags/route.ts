// Monitored tags (with how many jobs each keeps) and recently seen tags for search.
import { z } from "zod";
import { config } from "@/lib/config";
import { route } from "@/lib/http/route";
import { listMonitoredTags } from "@/lib/tags/monitoring";
import { knownTags } from "@/lib/tags/search";

export const dynamic = "force-dynamic";

const query = z.object({
  /** Only seen tags starting with this, e.g. "company:". */
  prefix: z.string().max(120).default(""),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = route({ auth: "viewer", query }, async ({ query }) => {
  const [monitored, recent] = await Promise.all([listMonitoredTags(), knownTags({ prefix: query.prefix, limit: query.limit })]);
  // The screen says how long monitored jobs are kept: the configured trim.monitored, not a fixed text.
  return { monitored, recent, keptMinutes: config().horizon.trim.monitored };
});
