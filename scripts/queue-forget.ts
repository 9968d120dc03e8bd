// `npm run queue:forget -- <uuid>`: delete one archived failed job.
import { forgetFailedJob } from "../lib/queue";
import { FORGET_USAGE, parseForgetArgs } from "../lib/queue/cli-args";
import { runCli } from "./queue-cli-support";

await runCli(FORGET_USAGE, async () => {
  const { uuid } = parseForgetArgs(process.argv.slice(2));
  if (await forgetFailedJob(uuid)) {
    console.log(`Failed job ${uuid} deleted.`);
    return 0;
  }
  console.error(`No failed job ${uuid}.`);
  return 1;
});
