// POST /api/failed-jobs/:uuid/forget — deletes one archived failure (the seed's queue:forget), audited in the same transaction.
import { forgetAudited } from "@/lib/console/forget-failed";
import { uuidParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: uuidParam }, async ({ params, user }) => {
  await forgetAudited(user, params.uuid);
  return { forgotten: true };
});
