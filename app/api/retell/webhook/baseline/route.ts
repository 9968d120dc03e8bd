// bench/webhook.ts's baseline: the cheapest route handler there is, answering 204,
// behind the same proxy treatment as the webhook (a public path, no session
// decoding), so the bench's ratio measures the webhook's own work. Off (404)
// unless the bench starts the server with SWITCHYARD_BENCH_BASELINE=1.
import { env } from "@/lib/env";

export const runtime = "nodejs";

export function POST(): Response {
  return new Response(null, { status: env().SWITCHYARD_BENCH_BASELINE ? 204 : 404 });
}
