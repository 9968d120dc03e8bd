// `npm run queue:metrics [-- --json] [--queue emails] [--minutes 5]`: the seed's
// QueueMetrics table (job_throughput, average_wait_time, failure_rate, queue_sizes).
// Exit codes: 0 printed, 1 Redis/config failure, 2 bad usage.
import { parseArgs } from "node:util";
import { closeMetricsRedis } from "../lib/metrics/redis";
import { formatMetricsTable, queueMetrics } from "../lib/metrics/queue-metrics";
import { closeQueues } from "../lib/queue/queues";

const USAGE = "usage: npm run queue:metrics -- [--json] [--queue <name>]... [--minutes <n>]";

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: "boolean", default: false },
        queue: { type: "string", multiple: true },
        minutes: { type: "string", default: "5" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 180) {
    console.error(`--minutes must be a whole number from 1 to 180\n${USAGE}`);
    return 2;
  }
  const queues = values.queue?.flatMap((q) => q.split(",")).map((q) => q.trim()).filter(Boolean);
  if (queues?.some((q) => !/^[\w-]+$/.test(q))) {
    console.error(`--queue: letters, digits, _ - only\n${USAGE}`);
    return 2;
  }
  const report = await queueMetrics({ minutes, queues });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatMetricsTable(report));
  return 0;
}

main()
  .catch((error: unknown) => {
    console.error(`queue:metrics failed: ${(error as Error).message}`);
    return 1;
  })
  .then(async (code) => {
    await Promise.allSettled([closeMetricsRedis(), closeQueues()]);
    process.exit(code);
  });
