// POST /api/jobs/:queue/:id/promote — a delayed job becomes ready now.
import { audit } from "@/lib/console/audit";
import { promoteJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  await promoteJob(params.queue, params.id);
  await audit(user, "job.promote", `job:${params.queue}/${params.id}`);
  return { queue: params.queue, id: params.id, promoted: true };
});
