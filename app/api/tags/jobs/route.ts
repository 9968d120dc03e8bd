// Search by tag: recent or failed jobs carrying it, or a monitored tag's kept jobs.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { monitoredJobs } from "@/lib/tags/monitoring";
import { searchByTag } from "@/lib/tags/search";

export const dynamic = "force-dynamic";

const query = z.object({
  tag: z.string().min(1).max(120),
  kind: z.enum(["recent", "failed", "monitored"]).default("recent"),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const GET = route({ auth: "viewer", query }, ({ query: { tag, kind, offset, limit } }) =>
  kind === "monitored" ? monitoredJobs(tag, { offset, limit }) : searchByTag(tag, { kind, offset, limit }),
);
