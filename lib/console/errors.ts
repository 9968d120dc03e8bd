// Errors the console's actions answer with (see lib/http/app-error.ts).
import { AppError, NotFound } from "../http/app-error";

/** The action does not fit the thing's current state (retry a waiting job, promote a completed one). */
export class StateConflict extends AppError {
  override readonly status = 409;
  override readonly code: string = "state_conflict";
}

export class QueueNotFound extends NotFound {
  override readonly code = "queue_not_found";
  constructor(queue: string) {
    super(`No queue named ${queue} in the config or in Redis.`);
  }
}
