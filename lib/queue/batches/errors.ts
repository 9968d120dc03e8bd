// Batch errors: each is also the HTTP answer the console routes give.
import { AppError, NotFound } from "../../http/app-error";

export class BatchNotFound extends NotFound {
  override readonly code = "batch_not_found";
  constructor(id: string) {
    super(`No batch with id "${id}"`);
  }
}

/** The batch no longer takes that action (cancelled, finished, or nothing to retry). */
export class BatchConflict extends AppError {
  override readonly status = 409;
  override readonly code: string = "batch_conflict";
}
