// One supervisor (Horizon's Supervisor): its process pools, the balancing loop,
// remote commands and its heartbeat. Runs in its own child process
// (supervisor-process.ts), so a leak or crash here cannot touch the others.
//
// Pools: `balance: false` has one pool working the queues in order; `simple`
// and `auto` have one pool per queue. In every mode a pool's processes first
// take jobs of the queues listed before its own, so `['high', 'default']`
// always drains `high` first (see docs/WORKERS.md).
import type { Redis } from "ioredis";
import type { Supervisor as SupervisorConfig, WorkersTuning } from "@/lib/config";
import type { Logger } from "@/lib/logger";
import { queueRuntimes } from "@/lib/metrics/snapshot-queries";
import { getQueue } from "@/lib/queue/queues";
import { planScaleStep, type PoolLoad } from "@/lib/supervisor/autoscaler";
import { takeCommands, type SupervisorCommand } from "@/lib/supervisor/commands";
import { forgetSupervisor, publishSupervisor, type SupervisorHeartbeat } from "@/lib/supervisor/heartbeats";
import { RuntimeAverage } from "@/lib/supervisor/runtime-average";
import { recordScaleDecisions } from "@/lib/supervisor/scale-log";
import { ProcessPool } from "./process-pool";
import type { WorkerHandle } from "./worker-handle";

export interface SupervisorIdentity {
  /** `<master>:<supervisor>` */
  name: string;
  master: string;
  host: string;
  environment: string;
}

export interface SupervisorSettings {
  config: SupervisorConfig;
  tuning: WorkersTuning;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Pool key → queues its processes take jobs from, in order. */
export function poolLayout(queues: string[], balance: SupervisorConfig["balance"]): { key: string; fetches: string[] }[] {
  if (balance === false) return [{ key: queues.join(","), fetches: queues }];
  return queues.map((queue, i) => ({ key: queue, fetches: queues.slice(0, i + 1) }));
}

export interface SupervisorHooks {
  /** Tells the master when a command paused or resumed us (so a restart keeps the state). */
  onStatus?(status: "running" | "paused"): void;
  /** Called once every process has stopped after terminate(). */
  onTerminated?(): void | Promise<void>;
}

export class Supervisor {
  readonly pools: ProcessPool[];
  working = true;
  private options: SupervisorConfig;
  private readonly runtimes = new RuntimeAverage();
  private lastScaledAt = 0;
  private stopping: Promise<void> | null = null;
  private terminating = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly id: SupervisorIdentity,
    private readonly settings: SupervisorSettings,
    private readonly redis: Redis,
    private readonly log: Logger,
    private readonly hooks: SupervisorHooks = {},
  ) {
    this.options = { ...settings.config };
    const c = settings.config;
    this.pools = poolLayout(c.queue, c.balance).map(({ key, fetches }) => new ProcessPool({
      key, fetches, log,
      timeoutGraceMs: settings.tuning.timeoutGraceMs,
      restartBackoff: settings.tuning.restartBackoff,
      onJobFinished: (queue, ms) => this.runtimes.record(queue, ms),
      worker: {
        supervisor: id.name, connection: c.connection, memoryMb: c.memory, timeoutSec: c.timeout, nice: c.nice,
        lockDurationMs: settings.lockDurationMs, stalledIntervalMs: settings.stalledIntervalMs,
        idlePollMs: settings.tuning.idlePollMs, stuckGraceMs: settings.tuning.timeoutGraceMs,
      },
    }));
  }

  /** Horizon's SupervisorCommand::start: scale(maxProcesses) split over the pools, then the loop. */
  start(paused: boolean): void {
    this.working = !paused;
    if (paused) this.pools.forEach((p) => p.pause());
    this.scale(this.options.maxProcesses);
    this.log.info({ pools: this.pools.map((p) => ({ pool: p.key, fetches: p.fetches, processes: p.processCount() })), paused },
      `supervisor ${this.options.name} started`);
    void this.loop();
  }

  /** Horizon's Supervisor::scale: raises maxProcesses if needed and splits `processes` evenly. */
  scale(processes: number): void {
    this.options.maxProcesses = Math.max(this.options.maxProcesses, processes, this.pools.length);
    const each = Math.floor(processes / this.pools.length);
    this.applyCounts(Object.fromEntries(this.pools.map((p) => [p.key, each])));
  }

  /**
   * Sets each pool's process count. Shrinking pools hand their processes to growing ones
   * (a warm process switches queues between two jobs) before anything is started or stopped.
   */
  private applyCounts(next: Record<string, number>): void {
    // An autoscale pass that was waiting on Redis when terminate() began must not start processes
    // the terminating pools no longer wait for.
    if (this.stopping) return;
    const spare: { handle: WorkerHandle; from: ProcessPool }[] = [];
    for (const pool of this.pools) {
      const want = next[pool.key] ?? pool.processCount();
      if (want < pool.processCount()) spare.push(...pool.release(pool.processCount() - want).map((handle) => ({ handle, from: pool })));
    }
    for (const pool of this.pools) {
      const want = next[pool.key] ?? pool.processCount();
      if (want > pool.processCount()) pool.grow(want - pool.processCount(), spare);
    }
    // Released processes no growing pool took: they finish their job and leave.
    for (const { handle, from } of spare) from.retire(handle);
  }

  private async loop(): Promise<void> {
    if (this.stopping) return;
    await this.tick();
    if (!this.stopping) this.timer = setTimeout(() => void this.loop(), this.settings.tuning.tickMs);
  }

  /** One pass, in Horizon's order: commands, then (if working) scaling, then monitoring, then the heartbeat. */
  async tick(): Promise<void> {
    try {
      const { commands, invalid } = await takeCommands(this.redis, this.id.name);
      if (invalid.length) this.log.warn({ invalid }, "ignored malformed commands");
      for (const command of commands) this.apply(command);
      if (this.stopping) return;
      if (this.working && Date.now() - this.lastScaledAt >= this.options.balanceCooldown * 1000) {
        this.lastScaledAt = Date.now();
        await this.autoScale();
      }
      this.pools.forEach((p) => p.monitor());
      await this.heartbeat();
    } catch (error) {
      // One bad pass (Redis blip) must not end supervision: log and try again next tick.
      this.log.error({ err: error }, "supervisor loop pass failed");
    }
  }

  apply(command: SupervisorCommand): void {
    this.log.info({ command }, `supervisor ${this.options.name}: ${command.type}`);
    switch (command.type) {
      case "pause":
        this.working = false;
        this.pools.forEach((p) => p.pause());
        this.hooks.onStatus?.("paused");
        return;
      case "continue":
        this.working = true;
        this.pools.forEach((p) => p.continue());
        this.hooks.onStatus?.("running");
        return;
      case "restart":
        this.working = true;
        this.pools.forEach((p) => p.continue());
        this.pools.forEach((p) => p.restart());
        this.hooks.onStatus?.("running");
        return;
      case "scale":
        this.scale(command.processes);
        return;
      case "terminate":
        void this.terminate();
        return;
      default: {
        const unknown: never = command;
        this.log.warn({ command: unknown }, "unknown command");
      }
    }
  }

  /**
   * Average runtime of a queue's jobs: what this supervisor's processes measured lately, else the
   * metrics snapshots (Horizon's MetricsRepository::runtimeForQueue, all hosts, last 15 min). The
   * fallback matters because a queue behind a busier one in the priority order runs nothing — and
   * so measures nothing — until that queue is drained.
   */
  private runtimeOf(queue: string, history: Record<string, number>): number {
    return this.runtimes.of(queue) || history[queue] || 0;
  }

  /** Live sizes and measured runtimes → one scaleStep → apply and log each move with its reason. */
  private async autoScale(): Promise<void> {
    const history = await queueRuntimes({ redis: this.redis }).catch(() => ({}) as Record<string, number>);
    const loads: PoolLoad[] = await Promise.all(this.pools.map(async (pool) => {
      const queues = pool.key.split(",");
      const sizes = await Promise.all(queues.map((q) => readyNow(q)));
      const readyTotal = sizes.reduce((a, b) => a + b, 0);
      const timeTotal = queues.reduce((sum, q, i) => sum + sizes[i] * this.runtimeOf(q, history), 0);
      // A multi-queue pool's time to clear is the sum over its queues (Horizon's timeToClearPerQueue).
      return { queue: pool.key, current: pool.processCount(), readyNow: readyTotal, runtimeMs: readyTotal ? timeTotal / readyTotal : 0 };
    }));
    const decisions = planScaleStep(this.options, loads);
    const moves = decisions.filter((d) => d.to !== d.from);
    // Counts are slots (working processes). Unlike Horizon we leave processes still finishing
    // their last job out of `current`: they take no new job, and counting them while applying
    // the result to working processes (as Horizon does) lets the total drift above maxProcesses.
    this.applyCounts(Object.fromEntries(moves.map((d) => [d.queue, d.to])));
    for (const d of moves) this.log.info({ queue: d.queue, from: d.from, to: d.to, reason: d.reason }, `scale ${d.queue} ${d.from} → ${d.to}: ${d.reason}`);
    if (moves.length) {
      await recordScaleDecisions(this.redis, moves.map((d) => ({
        at: Date.now(), master: this.id.master, supervisor: this.options.name, host: this.id.host,
        queue: d.queue, from: d.from, to: d.to, reason: d.reason,
      })));
    }
  }

  heartbeatState(): SupervisorHeartbeat {
    const c = this.options;
    const own = process.memoryUsage().rss / 1024 / 1024;
    return {
      name: this.id.name, supervisor: c.name, master: this.id.master, host: this.id.host, pid: process.pid,
      environment: this.id.environment, status: this.terminating ? "terminating" : this.working ? "running" : "paused",
      connection: c.connection, queues: c.queue, balance: c.balance, minProcesses: c.minProcesses, maxProcesses: c.maxProcesses,
      processes: Object.fromEntries(this.pools.map((p) => [p.key, p.processCount()])),
      pools: this.pools.map((p) => ({ queue: p.key, fetches: p.fetches, processes: p.processCount() })),
      runtimeMs: this.runtimes.all(),
      memoryMb: Math.round(own + this.pools.reduce((s, p) => s + p.memoryMb(), 0)),
      lastSeen: Date.now(),
    };
  }

  private async heartbeat(): Promise<void> {
    await publishSupervisor(this.redis, this.heartbeatState(), this.settings.tuning.heartbeatTtlMs);
  }

  /** Graceful stop: every process finishes its job (up to its timeout), then the heartbeat goes. */
  terminate(): Promise<void> {
    this.terminating = true;
    this.stopping ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.log.info(`supervisor ${this.options.name} terminating: waiting for in-flight jobs`);
      await this.heartbeat().catch(() => {});
      await Promise.all(this.pools.map((p) => p.terminate()));
      await forgetSupervisor(this.redis, this.id.name).catch(() => {});
      this.log.info(`supervisor ${this.options.name} stopped`);
      await this.hooks.onTerminated?.();
    })();
    return this.stopping;
  }
}

/** Jobs that could start now: waiting plus prioritized (BullMQ keeps prioritized jobs apart). */
async function readyNow(queue: string): Promise<number> {
  const counts = await getQueue(queue).getJobCounts("wait", "prioritized");
  return (counts.wait ?? 0) + (counts.prioritized ?? 0);
}
