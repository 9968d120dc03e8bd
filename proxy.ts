// The single early gate (Next 16's renamed middleware, Node runtime): anonymous
// pages go to /login?next=…, anonymous API calls get 401 JSON. It only checks
// that the session cookie decrypts and has not expired — the database re-check
// (disabled users, roles) is the guard every route handler and the console
// layout call, as Next's docs advise for proxy-based auth.
import { NextResponse, type NextRequest } from "next/server";
import { decideProxy, GATE_HEADER, PATH_HEADER } from "@/lib/auth/proxy-decision";
import { isPublicPath } from "@/lib/auth/public-paths";
import { decodeSessionCookie } from "@/lib/auth/session";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { Unauthenticated } from "@/lib/http/app-error";

export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  // Public paths skip the cookie entirely: /api/health must answer even when auth is misconfigured.
  const hasSession = !isPublicPath(pathname) && (await decodeSessionCookie(request.cookies.get(sessionCookieName())?.value)) !== null;
  const decision = decideProxy({ pathname, search, hasSession });
  switch (decision.type) {
    case "unauthenticated": {
      const error = new Unauthenticated();
      return NextResponse.json(
        { error: { code: error.code, message: error.message } },
        { status: error.status, headers: { "cache-control": "no-store", [GATE_HEADER]: "proxy" } },
      );
    }
    case "redirect": {
      const response = NextResponse.redirect(new URL(decision.location, request.url));
      response.headers.set(GATE_HEADER, "proxy");
      return response;
    }
    case "next": {
      const headers = new Headers(request.headers);
      headers.set(PATH_HEADER, pathname + search);
      return NextResponse.next({ request: { headers } });
    }
  }
}

export const config = {
  // Everything except Next's static output, two well-known root files, and Retell's webhook: a
  // machine-to-machine path authenticated by its signature, whose throughput matters, and which
  // must read its raw body once rather than through the proxy's buffered copy. Not "any path
  // ending in .png/.js/…": we serve no such file (there is no public/), and a job id — hence a
  // job's page and API path — may end like one (tests/authz/authorization-matrix.int.test.ts).
  matcher: ["/((?!_next/static/|_next/image$|favicon\\.ico$|robots\\.txt$|api/retell/webhook(?:/.*)?$).*)"],
};
