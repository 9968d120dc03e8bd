// Runs the middleware chain around the handler, outermost first (the seed's middleware() order).
import type { JobMiddleware, MiddlewareContext } from "../types";

export function runPipeline(middleware: readonly JobMiddleware[], ctx: MiddlewareContext, last: () => Promise<unknown>): Promise<unknown> {
  const step = (i: number): Promise<unknown> => (i >= middleware.length ? last() : middleware[i].handle(ctx, () => step(i + 1)));
  return step(0);
}

const NO_MIDDLEWARE: readonly JobMiddleware[] = Object.freeze([]);

export function resolveMiddleware<P>(middleware: JobMiddleware[] | ((payload: P) => JobMiddleware[]) | undefined, payload: P): readonly JobMiddleware[] {
  if (!middleware) return NO_MIDDLEWARE;
  return typeof middleware === "function" ? middleware(payload) : middleware;
}
