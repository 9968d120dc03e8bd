// GET /api/webhooks/stats — events and signature failures per hour, last 24 h.
import { webhookStats } from "@/lib/console/webhook-stats";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => coalesce(readKey("webhook-stats", env().REDIS_PREFIX), () => webhookStats()));
