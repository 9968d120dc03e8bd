// GET /api/audit — who did what, when; filter by action, actor, target and time.
import { auditQuery } from "@/lib/console/schemas";
import { auditActions, listAudit } from "@/lib/db/queries/audit-log";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer", query: auditQuery }, async ({ query }) => {
  const { cursor, limit, ...filter } = query;
  const [page, actions] = await Promise.all([listAudit(filter, { cursor, limit }), cursor ? Promise.resolve(undefined) : auditActions()]);
  return { ...page, actions };
});
