// Control messages that arrive while a child process is still loading its
// modules (seconds, with BullMQ and Prisma) would be dropped: Node emits IPC
// messages as events, and nobody listens yet. The entry files create this inbox
// before importing anything heavy; it remembers the state and replays it.
export type ControlEvent = "pause" | "continue" | "terminate" | "orphaned";

/** What the inbox needs of `process` (tests pass an EventEmitter). */
export type ChildSide = Pick<NodeJS.EventEmitter, "on"> & { send?: unknown; connected?: boolean };

export class ControlInbox {
  paused: boolean;
  stopping: "terminate" | "orphaned" | null = null;
  /** Raw messages kept for a consumer that attaches later (supervisor commands). */
  private readonly pending: unknown[] = [];
  private consumer: ((message: unknown) => void) | null = null;
  private readonly listeners = new Set<(event: ControlEvent) => void>();

  constructor(initiallyPaused: boolean, proc: ChildSide = process) {
    this.paused = initiallyPaused;
    proc.on("message", (message) => this.receive(message));
    proc.on("disconnect", () => this.emit("orphaned"));
    // The parent may have died before this listener existed (the loader boots first): look, then keep looking.
    const orphaned = () => !!proc.send && !proc.connected;
    if (orphaned()) queueMicrotask(() => this.emit("orphaned"));
    setInterval(() => orphaned() && this.emit("orphaned"), 1_000).unref();
    proc.on("SIGTERM", () => this.emit("terminate"));
    proc.on("SIGINT", () => this.emit("terminate"));
  }

  /** Worker processes: `{ type: pause|continue|terminate }`. Others: handed to the consumer. */
  private receive(message: unknown): void {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === "pause" || type === "continue" || type === "terminate") return this.emit(type);
    if (this.consumer) this.consumer(message);
    else this.pending.push(message);
  }

  private emit(event: ControlEvent): void {
    if (event === "pause") this.paused = true;
    else if (event === "continue") this.paused = false;
    else if (this.stopping) return; // told once is enough
    else this.stopping = event;
    this.listeners.forEach((l) => l(event));
  }

  on(listener: (event: ControlEvent) => void): void {
    this.listeners.add(listener);
  }

  /** Delivers held and future non-control messages to `consumer`. */
  consume(consumer: (message: unknown) => void): void {
    this.consumer = consumer;
    for (const message of this.pending.splice(0)) consumer(message);
  }
}
