// `npm run queue:flush -- [--queue=<name>] [--hours=<n>]`: delete archived failed jobs
// (all, one queue's, or those older than n hours). BullMQ's own failed set is trimmed by the metrics/trim jobs.
import { flushFailedJobs } from "../lib/queue";
import { FLUSH_USAGE, parseFlushArgs } from "../lib/queue/cli-args";
import { runCli } from "./queue-cli-support";

await runCli(FLUSH_USAGE, async () => {
  const options = parseFlushArgs(process.argv.slice(2));
  const count = await flushFailedJobs(options);
  console.log(`Deleted ${count} failed job${count === 1 ? "" : "s"}.`);
});
