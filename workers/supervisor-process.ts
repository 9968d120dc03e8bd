// Entry of a supervisor child process: `supervisor-process.ts <supervisor> <master> <host> <running|paused>`.
// Listens for the master's messages first, then loads the heavy body.
import { ControlInbox } from "./control-inbox";

const [supervisorName, masterName, host, initial] = process.argv.slice(2);
const inbox = new ControlInbox(initial === "paused");
const { runSupervisor } = await import("./supervisor-main");
await runSupervisor({ supervisorName, masterName, host }, inbox);
