// Unauthenticated liveness/readiness probe for load balancers and ops.
// It names a dependency that is down, nothing more (no versions, no errors).
import { probe } from "@/lib/health/probe";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const result = await probe();
  if (result.ok) return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
  return Response.json(
    { status: "unavailable", down: result.down },
    { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } },
  );
}
