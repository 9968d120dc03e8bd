// The shape of every console route handler: CSRF check → guard → parse (zod)
// → handler → JSON. Handlers hold no auth or try/catch boilerplate:
//
//   export const POST = route({ auth: "admin", params: z.object({ name: z.string() }) },
//     async ({ params, user }) => pauseQueue(params.name, user));
//
// Any method other than GET/HEAD/OPTIONS requires an ADMIN whatever `auth` says:
// viewers read, and a new mutation cannot be opened to them by a typo.
import type { z } from "zod";
import { env } from "../env";
import type { AuthLevel } from "../auth/guards";
import { assertAllowed } from "../auth/guards";
import { userFromRequest } from "../auth/session";
import type { ConsoleUser } from "../auth/users";
import { errorResponse, invalidInput } from "./error-response";
import { CrossSiteRequestRefused, InvalidJson, UnsupportedMediaType } from "./http-errors";
import { allowedOriginsFor, checkSameOrigin, isMutation } from "./same-origin";

export interface RouteSpec<P, Q, B> {
  /** Who may call it. Mutating methods are always "admin". */
  auth: AuthLevel;
  /** Dynamic segments, e.g. z.object({ id: z.string() }). */
  params?: z.ZodType<P>;
  /** Search params (single values), e.g. z.object({ limit: z.coerce.number().max(500).default(50) }). */
  query?: z.ZodType<Q>;
  /** JSON body; requests with a body must send content-type application/json. */
  body?: z.ZodType<B>;
}

export interface RouteContext<P, Q, B> {
  req: Request;
  user: ConsoleUser;
  params: P;
  query: Q;
  body: B;
}

type NextContext = { params?: Promise<Record<string, string | string[] | undefined>> };

/** A route handler built by route(); `auth` lets the authorization test read what it promises. */
export type GuardedHandler = ((req: Request, context?: NextContext) => Promise<Response>) & { auth: AuthLevel };

/** See AUTHZ_PROBE in lib/env.ts: answers "the guard let you through" without running the handler. */
export const AUTHZ_PROBE_HEADER = "x-authz-probe";

function isAuthzProbe(req: Request): boolean {
  return env().AUTHZ_PROBE === true && req.headers.get(AUTHZ_PROBE_HEADER) === "1";
}

export function effectiveLevel(declared: AuthLevel, method: string): AuthLevel {
  return isMutation(method) ? "admin" : declared;
}

function verifyOrigin(req: Request): void {
  const verdict = checkSameOrigin({
    method: req.method,
    origin: req.headers.get("origin"),
    secFetchSite: req.headers.get("sec-fetch-site"),
    allowedOrigins: allowedOriginsFor(req.headers, req.url, env().NEXTAUTH_URL),
  });
  if (!verdict.ok) throw new CrossSiteRequestRefused(`${verdict.reason}.`);
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new UnsupportedMediaType("Send the request body as application/json.");
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidJson("The request body is not valid JSON.");
  }
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, where);
  return result.data;
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result, { headers: { "cache-control": "no-store" } });
}

export function route<P = undefined, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (ctx: RouteContext<P, Q, B>) => unknown | Promise<unknown>,
): GuardedHandler {
  const guarded = async (req: Request, context?: NextContext): Promise<Response> => {
    try {
      if (isMutation(req.method)) verifyOrigin(req);
      const user = assertAllowed(await userFromRequest(req), effectiveLevel(spec.auth, req.method));
      if (isAuthzProbe(req)) return new Response(null, { status: 204, headers: { [AUTHZ_PROBE_HEADER]: "passed" } });
      const params = parseWith(spec.params, (await context?.params) ?? {}, "params");
      const query = spec.query ? parseWith(spec.query, Object.fromEntries(new URL(req.url).searchParams), "query") : (undefined as Q);
      const body = spec.body ? parseWith(spec.body, await readJson(req), "body") : (undefined as B);
      return toResponse(await handler({ req, user, params, query, body }));
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(guarded, { auth: spec.auth });
}
