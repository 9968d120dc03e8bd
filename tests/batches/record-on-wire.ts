// A process killed the moment its batch records are on the wire (record-batcher's onSent),
// before Redis answers — what a worker does when afterCompleted returns early. Registers a
// batch of three job ids (state only, no BullMQ), records job 1 and waits (so the scripts are
// confirmed on this connection), then records jobs 2 and 3 in one turn (one record-many-4
// call that finishes the batch and claims `finally` for job 3) and SIGKILLs itself in onSent.
// Prints "batch <id>" first.
import { randomUUID } from "node:crypto";
import { defineBatchCallback } from "../../lib/queue/batches";
import { serializeCallback } from "../../lib/queue/batches/batch-callbacks";
import { keyedJobId } from "../../lib/queue/batches/batch-ids";
import { addJobIds, createBatchState, recordOutcome } from "../../lib/queue/batches/batch-store";
import { setCallbackLeaseMs } from "../../lib/queue/batches/callback-leases";

setCallbackLeaseMs(Number(process.env.LEASE_MS ?? 1_000));
const name = defineBatchCallback(process.env.CALLBACK_NAME!, () => {
  process.stdout.write("finally ran\n"); // never: the process dies before the answer
});
const id = randomUUID();
await createBatchState({
  id, name: "On the wire", queue: "default", connection: "redis", allowFailures: true, createdAt: Date.now(),
  callbacks: { finally: serializeCallback(name, "finally")! },
});
const jobs = [1, 2, 3].map((n) => keyedJobId(id, String(n)));
await addJobIds(id, jobs, ["default"]);
process.stdout.write(`batch ${id}\n`);
await recordOutcome(id, jobs[0], "ok");
const die = () => process.kill(process.pid, "SIGKILL");
await Promise.all([recordOutcome(id, jobs[1], "ok", "", Date.now(), die), recordOutcome(id, jobs[2], "ok", "", Date.now(), die)]);
process.stdout.write("answered\n"); // not reached when the early signal works
process.exit(0);
