// Entry of a worker process: `worker-process.ts <options JSON>` (see ipc.ts).
// Listens for control messages first, then loads the heavy body.
import { ControlInbox } from "./control-inbox";

const options = JSON.parse(process.argv[2] ?? "{}") as { paused?: boolean };
const inbox = new ControlInbox(options.paused === true);
const { runWorker } = await import("./worker-main");
await runWorker(options, inbox);
