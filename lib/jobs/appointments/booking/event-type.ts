// Which Cal.com event type the booking chain books when the request names none.
// In production a missing CALCOM_EVENT_TYPE_ID fails each booking's validation
// (rolled back, visible on the failed-jobs screen) rather than booking a guess.
// Outside production a fixed development id lets `npm run dev` + `npm run demo`
// book calls end to end against the demo's local Cal.com stand-in.
import type { Env } from "../../../env";

/** Meaningful only to the local Cal.com stand-in (testing/local-calcom.ts). */
export const DEVELOPMENT_EVENT_TYPE_ID = 1;

export function defaultEventTypeId(environment: Pick<Env, "CALCOM_EVENT_TYPE_ID" | "NODE_ENV">): number | undefined {
  if (environment.CALCOM_EVENT_TYPE_ID) return environment.CALCOM_EVENT_TYPE_ID;
  return environment.NODE_ENV === "production" ? undefined : DEVELOPMENT_EVENT_TYPE_ID;
}
