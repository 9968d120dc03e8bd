// Start monitoring a tag (admin): its jobs are kept for trim.monitored and listed together.
import { z } from "zod";
import { audited } from "@/lib/console/audit";
import { route } from "@/lib/http/route";
import { monitorTag, parseTag } from "@/lib/tags/monitoring";

export const dynamic = "force-dynamic";

const body = z.strictObject({ tag: z.string().min(1).max(120) });

export const POST = route({ auth: "admin", body }, async ({ body, user }) => {
  const result = await audited(user, { action: "tag.monitor", target: `tag:${parseTag(body.tag)}`, facts: (r) => ({ backfilled: r.backfilled }) }, () => monitorTag(body.tag, user.email));
  return { monitored: true, ...result };
});
