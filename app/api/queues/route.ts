// GET /api/queues — configured queues plus BullMQ queues found in Redis, with counts per state.
import { queueList } from "@/lib/console/queue-summaries";
import { coalesce, readKey } from "@/lib/console/coalesce";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, () => coalesce(readKey("queues", env().REDIS_PREFIX), () => queueList()));
