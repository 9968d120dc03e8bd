// Start monitoring a tag (admin): its jobs are kept for trim.monitored and listed together.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { route } from "@/lib/http/route";
import { monitorTag } from "@/lib/tags/monitoring";

export const dynamic = "force-dynamic";

const body = z.object({ tag: z.string().min(1).max(120) });

export const POST = route({ auth: "admin", body }, async ({ body, user }) => {
  const result = await monitorTag(body.tag, user.email);
  await recordAudit(user, { action: "tag.monitor", target: `tag:${result.tag}`, details: { backfilled: result.backfilled } });
  return { monitored: true, ...result };
});
