// A worker process the kill -9 test can kill: one BullMQ Worker on the runtime's
// processor, with the chain hooks and the test's steps loaded, short lock and
// stall windows. KILL_AFTER_STEP=<n> makes it SIGKILL itself right after step n's
// completion was recorded (chain hand-off done) but before BullMQ marks the job
// completed — the narrowest window a crash can hit.
import { createQueueWorker } from "../../lib/queue";
import { registerAttemptHooks } from "../../lib/queue/attempt-hooks";
import "../../lib/queue/chains";
import { chainMetaOf } from "../../lib/queue/chains/chain-meta";
import { KILL_QUEUE } from "./kill-steps";

const killAfter = process.env.KILL_AFTER_STEP === undefined ? null : Number(process.env.KILL_AFTER_STEP);
if (killAfter !== null) {
  registerAttemptHooks({
    name: "test-kill",
    async afterCompleted({ meta }) {
      if (chainMetaOf(meta)?.step === killAfter) process.kill(process.pid, "SIGKILL");
    },
  });
}

const worker = createQueueWorker(KILL_QUEUE, {
  concurrency: Number(process.env.CONCURRENCY ?? 1),
  lockDurationMs: Number(process.env.LOCK_MS ?? 1_000),
  stalledIntervalMs: Number(process.env.STALLED_MS ?? 400),
});
await worker.waitUntilReady();
process.stdout.write("ready\n");
const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
