// The master of one host (Horizon's MasterSupervisor): one child process per
// supervisor of the environment, restarted with backoff when it crashes;
// remote commands for the whole host; its heartbeat; the long-wait monitor.
import type { ChildProcess } from "node:child_process";
import type { Redis } from "ioredis";
import type { AppConfig } from "@/lib/config";
import type { Logger } from "@/lib/logger";
import { takeCommands, type SupervisorCommand } from "@/lib/supervisor/commands";
import { forgetMaster, publishMaster, type WorkerStatus } from "@/lib/supervisor/heartbeats";
import { supervisorFullName } from "@/lib/supervisor/names";
import { nextCrashCount, restartDelayMs } from "@/lib/supervisor/restart-backoff";
import { forkTs } from "./fork-ts";
import { fromSupervisorSchema, send, type ToSupervisor } from "./ipc";
import { LongWaitMonitor } from "./long-wait-monitor";

interface Child {
  name: string;
  process: ChildProcess | null;
  startedAt: number;
  crashes: number;
  restartAt: number;
  /** Last status it reported; a restarted supervisor resumes it. */
  paused: boolean;
  /** We asked it to leave (restart/terminate): its exit is not a crash. */
  leaving: boolean;
}

export interface MasterIdentity {
  name: string;
  host: string;
  startedAt: number;
}

export class MasterSupervisor {
  private readonly children = new Map<string, Child>();
  private working = true;
  private terminating: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly longWaits: LongWaitMonitor;

  constructor(
    private readonly id: MasterIdentity,
    private readonly cfg: AppConfig,
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly exit: (code: number) => void,
  ) {
    this.longWaits = new LongWaitMonitor(redis, cfg.horizon, log);
  }

  start(): void {
    for (const s of this.cfg.supervisors) {
      this.children.set(s.name, { name: s.name, process: null, startedAt: 0, crashes: 0, restartAt: 0, paused: false, leaving: false });
      this.spawn(this.children.get(s.name)!);
    }
    void this.loop();
  }

  private spawn(child: Child): void {
    const paused = child.paused || !this.working;
    const proc = forkTs("supervisor-process.ts", [child.name, this.id.name, this.id.host, paused ? "paused" : "running"]);
    child.process = proc;
    child.startedAt = Date.now();
    child.leaving = false;
    proc.on("message", (raw) => {
      const parsed = fromSupervisorSchema.safeParse(raw);
      if (parsed.success && parsed.data.type === "status") child.paused = parsed.data.status === "paused";
    });
    proc.on("exit", (code, signal) => this.onChildExit(child, proc, code, signal));
    proc.on("error", (error) => this.log.error({ err: error, supervisor: child.name }, "supervisor process error"));
  }

  private onChildExit(child: Child, proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child.process !== proc) return;
    child.process = null;
    if (this.terminating) return;
    if (child.leaving) {
      this.log.info({ supervisor: child.name }, `supervisor ${child.name} restarted`);
      this.spawn(child);
      return;
    }
    child.crashes = nextCrashCount(child.crashes, Date.now() - child.startedAt);
    const delay = restartDelayMs(child.crashes, this.cfg.horizon.workers.restartBackoff);
    child.restartAt = Date.now() + delay;
    this.log.error({ supervisor: child.name, code, signal, crashes: child.crashes, restartInMs: delay },
      `supervisor ${child.name} exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`);
    if (delay === 0) this.spawn(child);
  }

  private async loop(): Promise<void> {
    if (this.terminating) return;
    await this.tick();
    if (!this.terminating) this.timer = setTimeout(() => void this.loop(), this.cfg.horizon.workers.tickMs);
  }

  private async tick(): Promise<void> {
    try {
      const { commands, invalid } = await takeCommands(this.redis, this.id.name);
      if (invalid.length) this.log.warn({ invalid }, "ignored malformed commands");
      for (const command of commands) this.apply(command);
      if (this.terminating) return;
      const now = Date.now();
      for (const child of this.children.values()) {
        if (!child.process && now >= child.restartAt) this.spawn(child);
      }
      this.checkMemory();
      await this.heartbeat();
      await this.longWaits.maybeCheck();
    } catch (error) {
      this.log.error({ err: error }, "master loop pass failed");
    }
  }

  apply(command: SupervisorCommand): void {
    this.log.info({ command }, `master ${this.id.name}: ${command.type}`);
    switch (command.type) {
      case "pause":
      case "continue":
        this.working = command.type === "continue";
        this.children.forEach((c) => (c.paused = !this.working));
        this.forward(command);
        return;
      case "restart":
        // Horizon's MasterSupervisor::restart: every supervisor leaves gracefully and comes back with fresh code.
        this.working = true;
        for (const c of this.children.values()) {
          c.paused = false;
          if (c.process) c.leaving = true;
        }
        this.forward({ type: "terminate" });
        return;
      case "terminate":
        void this.terminate();
        return;
      case "scale":
        this.log.warn("scale applies to one supervisor: send it to the supervisor, not the master");
        return;
      default: {
        const unknown: never = command;
        this.log.warn({ command: unknown }, "unknown command");
      }
    }
  }

  private forward(command: SupervisorCommand): void {
    const message: ToSupervisor = { type: "command", command };
    for (const c of this.children.values()) if (c.process) send(c.process, message);
  }

  /** Horizon's memory_limit for the master itself: leave (to be restarted by the process manager) when over. */
  private checkMemory(): void {
    const m = process.memoryUsage();
    const mb = (m.heapUsed + m.external) / 1024 / 1024;
    if (mb > this.cfg.horizon.memoryLimit) {
      this.log.error({ memoryMb: Math.round(mb), limitMb: this.cfg.horizon.memoryLimit }, "master over its memory limit: terminating");
      void this.terminate(12);
    }
  }

  private status(): WorkerStatus {
    return this.terminating ? "terminating" : this.working ? "running" : "paused";
  }

  private async heartbeat(): Promise<void> {
    await publishMaster(this.redis, {
      name: this.id.name, host: this.id.host, pid: process.pid, environment: this.cfg.environment,
      status: this.status(),
      supervisors: [...this.children.keys()].map((n) => supervisorFullName(this.id.name, n)),
      memoryMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      startedAt: this.id.startedAt, lastSeen: Date.now(),
    }, this.cfg.horizon.workers.heartbeatTtlMs);
  }

  /**
   * SIGTERM/SIGINT/terminate: supervisors stop taking jobs and let in-flight ones finish
   * (up to their timeout); we exit once they are gone — or at once with fastTermination,
   * leaving them to drain on their own, as Horizon does.
   */
  terminate(code = 0): Promise<void> {
    this.terminating ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.log.info({ fastTermination: this.cfg.horizon.fastTermination }, "master terminating");
      await this.heartbeat().catch(() => {});
      const running = [...this.children.values()].flatMap((c) => (c.process ? [c.process] : []));
      const exited = running.map((p) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once("exit", r))));
      for (const p of running) if (!send(p, { type: "command", command: { type: "terminate" } })) p.kill("SIGTERM");
      if (!this.cfg.horizon.fastTermination) await Promise.all(exited);
      await forgetMaster(this.redis, this.id.name).catch(() => {});
      this.log.info("master stopped");
      this.exit(code);
    })();
    return this.terminating;
  }
}
