// `npm run queue:status [-- --watch] [--interval 2]`: supervisors, queues, sizes,
// wait and failures on one screen; --watch redraws it until Ctrl-C.
import { parseArgs } from "node:util";
import { collectStatus, renderStatus } from "../lib/metrics/queue-status";
import { closeMetricsRedis } from "../lib/metrics/redis";
import { closeQueues } from "../lib/queue/queues";

const USAGE = "usage: npm run queue:status -- [--watch] [--interval <seconds>] [--minutes <n>]";

async function shutdown(code: number): Promise<never> {
  await Promise.allSettled([closeMetricsRedis(), closeQueues()]);
  process.exit(code);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        watch: { type: "boolean", short: "w", default: false },
        interval: { type: "string", default: "2" },
        minutes: { type: "string", default: "5" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return shutdown(2);
  }
  if (values.help) {
    console.log(USAGE);
    return shutdown(0);
  }
  const intervalMs = Number(values.interval) * 1000;
  const minutes = Number(values.minutes);
  if (!(intervalMs >= 500) || !Number.isInteger(minutes) || minutes < 1) {
    console.error(`--interval must be ≥ 0.5 and --minutes a whole number ≥ 1\n${USAGE}`);
    return shutdown(2);
  }
  if (!values.watch) {
    console.log(renderStatus(await collectStatus({ minutes })));
    return shutdown(0);
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  for (;;) {
    let screen: string;
    try {
      screen = renderStatus(await collectStatus({ minutes }));
    } catch (error) {
      // One failed read (Redis restarting) must not end the watch.
      screen = `queue:status: ${(error as Error).message} — retrying`;
    }
    // Clear the screen and home the cursor, then draw.
    process.stdout.write(`\x1b[2J\x1b[H${screen}\n\n(refreshing every ${intervalMs / 1000}s, Ctrl-C to quit)\n`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

main().catch(async (error: unknown) => {
  console.error(`queue:status failed: ${(error as Error).message}`);
  await shutdown(1);
});
