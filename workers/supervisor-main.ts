// The body of a supervisor child process, loaded by supervisor-process.ts.
// Started and restarted by the master (main.ts); leaves when told to, on
// SIGTERM/SIGINT, or when the master is gone (Horizon's ensureParentIsRunning).
import { config, ConfigError, connectionLockWindow, type AppConfig, type Supervisor as SupervisorConfig } from "@/lib/config";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queue/queues";
import { createRedis } from "@/lib/redis/connection";
import { supervisorFullName } from "@/lib/supervisor/names";
import type { ControlInbox } from "./control-inbox";
import { fromSupervisorSchema, send, toSupervisorSchema, type FromSupervisor } from "./ipc";
import { Supervisor } from "./supervisor";

const tell = (m: FromSupervisor) => send(process, fromSupervisorSchema.parse(m));

/**
 * The lock window a supervisor's worker processes hold jobs for: its connection's (connectionLockWindow,
 * createQueueWorker's own rule), and the stalled-job check at half of it, between 1 s and 30 s, unless tuned.
 */
export function lockWindowOf(cfg: AppConfig, settings: SupervisorConfig): { lockDurationMs: number; stalledIntervalMs: number } {
  const window = connectionLockWindow(cfg.queue, settings.connection);
  if (!window) throw new ConfigError([`horizon supervisor "${settings.name}".connection: "${settings.connection}" is not a redis connection`]);
  const tuned = cfg.horizon.workers.stalledIntervalMs;
  return { lockDurationMs: window.lockDurationMs, stalledIntervalMs: tuned ?? Math.min(30_000, Math.max(1_000, Math.floor(window.lockDurationMs / 2))) };
}

export async function runSupervisor(args: { supervisorName: string; masterName: string; host: string }, inbox: ControlInbox): Promise<void> {
  const { supervisorName, masterName, host } = args;
  const log = logger.child({ supervisor: supervisorName, master: masterName, role: "supervisor" });
  try {
    await supervise(supervisorName, masterName, host, inbox, log);
  } catch (error) {
    log.fatal({ err: error }, error instanceof ConfigError ? error.message : "supervisor failed to start");
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
}

async function supervise(supervisorName: string, masterName: string, host: string, inbox: ControlInbox, log: typeof logger): Promise<void> {
  const cfg = config();
  const settings = cfg.supervisors.find((s) => s.name === supervisorName);
  if (!settings) throw new ConfigError([`supervisor "${supervisorName}" is not in environment ${cfg.environment}`]);
  const { lockDurationMs, stalledIntervalMs } = lockWindowOf(cfg, settings);
  const redis = createRedis();
  redis.on("error", (error) => log.warn({ err: error }, "redis connection error"));
  const supervisor = new Supervisor(
    { name: supervisorFullName(masterName, supervisorName), master: masterName, host, environment: cfg.environment },
    { config: settings, tuning: cfg.horizon.workers, lockDurationMs, stalledIntervalMs },
    redis,
    log,
    {
      onStatus: (status) => tell({ type: "status", status }),
      onTerminated: async () => {
        await closeQueues();
        redis.disconnect();
        process.exit(0);
      },
    },
  );

  // Start first, then replay what the master sent while we were loading (e.g. a pause):
  // the replay must win over the state we were started with.
  supervisor.start(inbox.paused);
  inbox.consume((raw) => {
    const parsed = toSupervisorSchema.safeParse(raw);
    if (parsed.success) supervisor.apply(parsed.data.command);
  });
  inbox.on((event) => {
    if (event === "orphaned") log.warn("master is gone: terminating");
    if (event === "orphaned" || event === "terminate") void supervisor.terminate();
  });
  if (inbox.stopping) void supervisor.terminate();
  tell({ type: "ready" });
}
