// POST /api/jobs/:queue/:id/promote — a delayed job becomes ready now.
import { audited } from "@/lib/console/audit";
import { promoteJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  await audited(user, { action: "job.promote", target: `job:${params.queue}/${params.id}` }, () => promoteJob(params.queue, params.id));
  return { queue: params.queue, id: params.id, promoted: true };
});
