// Prometheus scrape endpoint. Not behind the console session (the proxy lets it
// through, lib/auth/public-paths.ts): a bearer token from METRICS_TOKEN guards it,
// and it answers 404 when no token is configured.
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/http/error-response";
import { recentBatchCounts } from "@/lib/metrics/batch-counts";
import { checkScrapeToken } from "@/lib/metrics/metrics-token";
import { prometheusText } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const verdict = checkScrapeToken(req.headers.get("authorization"), env().METRICS_TOKEN);
  if (verdict === "not_found") return new Response("Not Found", { status: 404 });
  if (verdict === "unauthorized") {
    return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  }
  try {
    const { contentType, body } = await prometheusText({ batchCounts: () => recentBatchCounts() });
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
