// POST /api/supervisors/commands {type: pause|continue|restart, master?, supervisor?, host?}
// — sent through Redis to the matching processes on every host; 404 when none is running.
import { audited } from "@/lib/console/audit";
import { supervisorCommandBody } from "@/lib/console/schemas";
import { sendSupervisorCommand } from "@/lib/console/supervisors";
import { route } from "@/lib/http/route";

export const POST = route({ auth: "admin", body: supervisorCommandBody }, async ({ body, user }) => {
  const target = body.supervisor ? `supervisor:${body.supervisor}` : body.master ? `master:${body.master}` : "masters:all";
  return audited(
    user,
    { action: `supervisor.${body.type}`, target, details: { host: body.host }, facts: (r) => ({ sentTo: r.sentTo }) },
    () => sendSupervisorCommand(body),
  );
});
