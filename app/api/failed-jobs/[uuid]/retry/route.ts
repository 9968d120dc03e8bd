// POST /api/failed-jobs/:uuid/retry — re-enqueues one archived failure (409 with the reason when skipped).
import { audited } from "@/lib/console/audit";
import { retryOneFailed } from "@/lib/console/failed-actions";
import { uuidParam } from "@/lib/console/schemas";
import { findFailedJobRow } from "@/lib/db/queries/failed-job-detail";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: uuidParam }, async ({ params, user }) => {
  await findFailedJobRow(params.uuid);
  return audited(user, { action: "failed-job.retry", target: `failed-job:${params.uuid}`, facts: (r) => r }, () => retryOneFailed(params.uuid, user.email));
});
