// Stop monitoring a tag (admin): its kept list goes; BullMQ's own trim applies again.
import { z } from "zod";
import { audited } from "@/lib/console/audit";
import { route } from "@/lib/http/route";
import { parseTag, unmonitorTag } from "@/lib/tags/monitoring";

export const dynamic = "force-dynamic";

const body = z.strictObject({ tag: z.string().min(1).max(120) });

export const POST = route({ auth: "admin", body }, async ({ body, user }) => {
  const result = await audited(user, { action: "tag.unmonitor", target: `tag:${parseTag(body.tag)}`, facts: (r) => ({ copiesRemoved: r.removed }) }, () => unmonitorTag(body.tag));
  return { monitored: false, ...result };
});
