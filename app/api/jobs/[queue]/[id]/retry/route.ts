// POST /api/jobs/:queue/:id/retry — a failed (or completed) job runs again; its archived failures are marked retried.
import { audit } from "@/lib/console/audit";
import { retryJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  const { from, archived } = await retryJob(params.queue, params.id, user.email);
  await audit(user, "job.retry", `job:${params.queue}/${params.id}`, { from, archived });
  return { queue: params.queue, id: params.id, from, archived };
});
