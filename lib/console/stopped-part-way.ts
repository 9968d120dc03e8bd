// A bulk step (a clean's chunks, a retry chunk's rows) that lost Redis or PostgreSQL part-way: a 503
// that says how far it got, so the screen and the audit entry (written ahead, audit.ts) tell what
// was done before it stopped. Resending the same request continues where it stopped.
import { isConnectivityError } from "../connectivity-error";
import { ServiceUnavailable } from "../http/app-error";

export function stoppedPartWay(error: unknown, what: string, progress: Record<string, number>): unknown {
  if (!isConnectivityError(error)) return error;
  const sofar = Object.entries(progress).map(([k, n]) => `${k} ${n}`).join(", ");
  return new ServiceUnavailable(`${what} stopped part-way: a backing service is not answering (so far: ${sofar}). Try again to continue.`, {
    details: progress,
    cause: error,
  });
}
