// POST /api/jobs/:queue/:id/retry — a failed (or completed) job runs again; its archived failures are marked retried.
import { audited } from "@/lib/console/audit";
import { retryJob } from "@/lib/console/job-actions";
import { jobParams } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: jobParams }, async ({ params, user }) => {
  const target = `job:${params.queue}/${params.id}`;
  const { from, archived } = await audited(user, { action: "job.retry", target, facts: (r) => r }, () => retryJob(params.queue, params.id, user.email));
  return { queue: params.queue, id: params.id, from, archived };
});
