// Shared start/finish of the queue CLIs: load the job definitions (so payloads are
// validated against today's schemas), and close connections so the process exits.
import { logger } from "../lib/logger";
import { prisma } from "../lib/db/client";
import { closeQueues } from "../lib/queue";
import { CliUsageError } from "../lib/queue/cli-args";

export async function loadJobDefinitions(): Promise<void> {
  const jobsModule = "../lib/jobs/index.ts"; // a variable: the CLIs still run if no jobs exist yet
  try {
    await import(jobsModule);
  } catch (error) {
    logger.warn({ err: error }, "could not load lib/jobs; retrying without payload validation");
  }
}

/** Runs `main`, prints usage errors with exit 2, other errors with exit 1, and always closes connections. */
export async function runCli(usage: string, main: () => Promise<number | void>): Promise<void> {
  let code = 0;
  try {
    code = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      console.error(`${error.message}\n${usage}`);
      code = 2;
    } else {
      console.error(error instanceof Error ? error.message : error);
      code = 1;
    }
  } finally {
    await closeQueues().catch(() => {});
    await prisma().$disconnect().catch(() => {});
  }
  process.exit(code);
}
