// A process that claims a batch callback and dies (SIGKILL) while running it, for the
// callback-recovery test: it creates an empty batch whose `finally` is CALLBACK_NAME and
// cancels it — the cancel finishes the batch and claims `finally` for this process —
// and the handler kills the process before it returns, so the claim is never marked done.
// Prints "batch <id>" first; counts its (unfinished) runs in Redis at COUNTER_KEY.
import { runtimeRedis } from "../../lib/queue";
import { cancelBatch, createBatch, defineBatchCallback } from "../../lib/queue/batches";
import { setCallbackLeaseMs } from "../../lib/queue/batches/callback-leases";

const name = process.env.CALLBACK_NAME!;
const counter = process.env.COUNTER_KEY!;
setCallbackLeaseMs(Number(process.env.LEASE_MS ?? 1_000));

defineBatchCallback(name, async () => {
  await runtimeRedis().incr(counter);
  process.kill(process.pid, "SIGKILL"); // dies mid-callback: claimed, never done
});

const id = await createBatch({ name: "Callback claimer", queue: "default", finally: name });
process.stdout.write(`batch ${id}\n`);
await cancelBatch(id);
process.stdout.write("survived\n"); // never reached
