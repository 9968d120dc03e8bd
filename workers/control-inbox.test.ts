import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { ControlInbox } from "./control-inbox";

/** A child process's side of the IPC channel, connected to its parent. */
const child = () => Object.assign(new EventEmitter(), { send: () => true, connected: true });

describe("ControlInbox", () => {
  it("keeps control state from messages that arrive before anyone listens, and hands other messages over later", () => {
    const proc = child();
    const inbox = new ControlInbox(false, proc);
    proc.emit("message", { type: "pause" });
    proc.emit("message", { type: "retarget", queues: ["sms"] });
    expect(inbox.paused).toBe(true);
    const consumer = vi.fn();
    inbox.consume(consumer);
    expect(consumer).toHaveBeenCalledWith({ type: "retarget", queues: ["sms"] });
    proc.emit("message", { type: "continue" });
    expect(inbox.paused).toBe(false);
  });

  it("reports a stop once, whichever comes first", () => {
    const proc = child();
    const inbox = new ControlInbox(false, proc);
    const events: string[] = [];
    inbox.on((e) => events.push(e));
    proc.emit("message", { type: "terminate" });
    proc.emit("disconnect");
    expect(inbox.stopping).toBe("terminate");
    expect(events).toEqual(["terminate"]);
  });

  it("notices a parent that died before it listened", async () => {
    const proc = Object.assign(child(), { connected: false });
    const inbox = new ControlInbox(false, proc);
    await Promise.resolve();
    expect(inbox.stopping).toBe("orphaned");
  });
});
