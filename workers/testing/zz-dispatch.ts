import { dispatchMany, closeQueues, getQueue } from "@/lib/queue";
import { testRecord } from "@/workers/testing/fixture-jobs";
const [queue, count] = [process.argv[2] ?? "default", Number(process.argv[3] ?? 10)];
await dispatchMany(testRecord, Array.from({ length: count }, (_, n) => ({ n, sleepMs: 30 })), { queue });
console.log(await getQueue(queue).getJobCounts("wait", "active", "completed", "failed"));
await closeQueues();
process.exit(0);
