// POST /api/jobs/:queue/:id/remove — deletes a job that is not running.
import { audit } from "@/lib/console/audit";
import { removeJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  const { from } = await removeJob(params.queue, params.id);
  await audit(user, "job.remove", `job:${params.queue}/${params.id}`, { from });
  return { queue: params.queue, id: params.id, removed: true };
});
