// POST /api/jobs/:queue/:id/remove — deletes a job that is not running.
import { audited } from "@/lib/console/audit";
import { removeJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  await audited(user, { action: "job.remove", target: `job:${params.queue}/${params.id}`, facts: ({ from }) => ({ from }) }, () => removeJob(params.queue, params.id));
  return { queue: params.queue, id: params.id, removed: true };
});
