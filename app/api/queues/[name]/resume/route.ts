// POST /api/queues/:name/resume — workers take this queue's jobs again.
import { audited } from "@/lib/console/audit";
import { resumeQueue } from "@/lib/console/queue-actions";
import { queueParam } from "@/lib/console/schemas";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", params: queueParam }, async ({ params, user }) => {
  await audited(user, { action: "queue.resume", target: `queue:${params.name}` }, () => resumeQueue(params.name));
  return { queue: params.name, paused: false };
});
