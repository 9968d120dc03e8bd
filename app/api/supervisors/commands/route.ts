// POST /api/supervisors/commands {type: pause|continue|restart, master?, supervisor?, host?}
// — sent through Redis to the matching processes on every host; 404 when none is running.
import { audit } from "@/lib/console/audit";
import { supervisorCommandBody } from "@/lib/console/schemas";
import { sendSupervisorCommand } from "@/lib/console/supervisors";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", body: supervisorCommandBody }, async ({ body, user }) => {
  const result = await sendSupervisorCommand(body);
  const target = body.supervisor ? `supervisor:${body.supervisor}` : body.master ? `master:${body.master}` : "masters:all";
  await audit(user, `supervisor.${body.type}`, target, { host: body.host, sentTo: result.sentTo });
  return result;
});
