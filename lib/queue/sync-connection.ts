// The `sync` connection: the job runs inline in the dispatching process (CLI,
// tests), once, under its timeout. Middleware is skipped — it postpones by putting
// jobs back on a queue, which sync has none of. On failure the failed() hook runs
// and the error propagates to the caller, as Laravel's sync driver does.
import { logger } from "../logger";
import { buildContext } from "./context";
import { toError } from "./errors";
import type { PreparedDispatch } from "./job-data";
import { queueDefaults } from "./queue-defaults";
import { JobReleased } from "./release";
import { runWithTimeout } from "./timeout";
import type { JobDefinition } from "./types";

export async function runSync<P, I>(definition: JobDefinition<P, I>, prepared: PreparedDispatch<P>, jobId: string): Promise<unknown> {
  const timeoutMs = Math.round((definition.timeout ?? queueDefaults(prepared.queue).timeoutSec) * 1000);
  try {
    return await runWithTimeout(
      (_arg: undefined, signal) =>
        definition.handle(
          buildContext({ definition: definition as JobDefinition<P, unknown>, payload: prepared.payload, jobId, queue: prepared.queue, attempt: 1, signal }),
        ),
      undefined,
      { timeoutMs },
    );
  } catch (thrown) {
    if (thrown instanceof JobReleased) {
      throw new Error(`Job "${definition.name}" released itself on the sync connection, which cannot run it later; dispatch it to a queue`);
    }
    const error = toError(thrown);
    if (definition.failed) {
      try {
        await definition.failed(error, { payload: prepared.payload, jobId, name: definition.name, queue: prepared.queue, attempts: 1, logger: logger.child({ jobId }) });
      } catch (hookError) {
        logger.error({ err: hookError, jobId }, "the job's failed() hook threw");
      }
    }
    throw error;
  }
}
