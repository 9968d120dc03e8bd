// POST /api/failed-jobs/:uuid/retry — re-enqueues one archived failure (409 with the reason when skipped).
import { audit } from "@/lib/console/audit";
import { retryOneFailed } from "@/lib/console/failed-actions";
import { uuidParam } from "@/lib/console/schemas";
import { findFailedJobRow } from "@/lib/db/queries/failed-job-detail";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: uuidParam }, async ({ params, user }) => {
  await findFailedJobRow(params.uuid);
  const result = await retryOneFailed(params.uuid, user.email);
  await audit(user, "failed-job.retry", `failed-job:${params.uuid}`, result);
  return result;
});
