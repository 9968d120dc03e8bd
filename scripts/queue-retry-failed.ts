// `npm run queue:retry-failed -- --queue=webhooks --limit=10 [--dry-run]`: the seed's
// ProcessFailedJobs command. Skips permanent failures and jobs with ≥ 10 attempts.
import { userInfo } from "node:os";
import { SingleBar, Presets } from "cli-progress";
import { retryFailed } from "../lib/queue";
import { parseRetryArgs, RETRY_USAGE, wantsProgressBar } from "../lib/queue/cli-args";
import { loadJobDefinitions, runCli } from "./queue-cli-support";

await runCli(RETRY_USAGE, async () => {
  const options = parseRetryArgs(process.argv.slice(2));
  await loadJobDefinitions();
  let bar: SingleBar | undefined;
  const result = await retryFailed({
    ...options,
    retriedBy: options.retriedBy ?? `cli:${userInfo().username}`,
    onProgress: (done, total) => {
      if (!wantsProgressBar({ json: options.json, stderrIsTTY: process.stderr.isTTY, total })) return;
      if (!bar) {
        bar = new SingleBar({ format: "retrying [{bar}] {value}/{total} {percentage}%", stream: process.stderr }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
  });
  bar?.stop();
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const verb = options.dryRun ? "Would retry" : "Retried";
  for (const r of result.retried) console.log(`${verb} ${r.uuid} ${r.jobName} on ${r.queue}${r.jobId ? ` as job ${r.jobId}` : ""}`);
  for (const s of result.skipped) console.log(`Skipped ${s.uuid}: ${s.reason}`);
  console.log(`${verb} ${result.retried.length}, skipped ${result.skipped.length}${options.dryRun ? " (dry run: nothing changed)" : ""}.`);
});
