// Stop monitoring a tag (admin): its kept list goes; BullMQ's own trim applies again.
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { route } from "@/lib/http/route";
import { unmonitorTag } from "@/lib/tags/monitoring";

export const dynamic = "force-dynamic";

const body = z.object({ tag: z.string().min(1).max(120) });

export const POST = route({ auth: "admin", body }, async ({ body, user }) => {
  const result = await unmonitorTag(body.tag);
  await recordAudit(user, { action: "tag.unmonitor", target: `tag:${result.tag}`, details: { copiesRemoved: result.removed } });
  return { monitored: false, ...result };
});
