// The seed's config/horizon.php, value for value, plus what the port needs.
//
// Like Horizon, `defaults` holds each supervisor's full options and an
// environment lists the supervisors it runs with its overrides on top.
// Two supervisors are ours, not the seed's: the seed dispatches to `critical`,
// `low`, `billing` and `bookings` but no supervisor of it consumes them.
import type { z } from "zod";
import type { horizonConfigSchema, supervisorOverrideSchema } from "./schema";

type SupervisorInput = z.input<typeof supervisorOverrideSchema>;

const seedSupervisors: Record<string, SupervisorInput> = {
  "supervisor-1": {
    connection: "redis", queue: ["high", "default"], balance: "auto", autoScalingStrategy: "time",
    maxProcesses: 10, minProcesses: 1, balanceMaxShift: 1, balanceCooldown: 3,
    memory: 128, tries: 3, timeout: 60, nice: 0,
  },
  webhooks: {
    connection: "redis", queue: ["webhooks"], balance: "simple", processes: 5,
    memory: 128, tries: 3, timeout: 30,
  },
  notifications: {
    connection: "redis", queue: ["emails", "sms"], balance: "simple", processes: 3,
    memory: 128, tries: 3, timeout: 60,
  },
  "long-running": {
    connection: "redis-long-running", queue: ["reports", "imports"], balance: "simple", processes: 2,
    memory: 256, tries: 1, timeout: 3600,
  },
};

const portSupervisors: Record<string, SupervisorInput> = {
  critical: {
    connection: "redis", queue: ["critical"], balance: "simple", processes: 2,
    memory: 128, tries: 3, timeout: 60,
  },
  background: {
    connection: "redis", queue: ["bookings", "billing", "low"], balance: "auto", autoScalingStrategy: "time",
    maxProcesses: 4, minProcesses: 1, balanceMaxShift: 1, balanceCooldown: 3,
    memory: 128, tries: 3, timeout: 120,
  },
};

// The seed's dashboard keys (`domain`, `path`, `middleware`) have no counterpart: the console is its
// own app at its own origin, guarded by proxy.ts and each handler (README, "Configuration").
export const horizonConfig: z.input<typeof horizonConfigSchema> = {
  waits: { "redis:default": 60, "redis:high": 60, "redis:low": 60 },
  trim: { recent: 60, pending: 60, completed: 60, recent_failed: 1440, failed: 10080, monitored: 10080 },
  metrics: { trim_snapshots: { job: 24, queue: 24 } },
  fastTermination: false,
  memoryLimit: 128,
  health: { busyAt: 100, overloadedAt: 1000 },
  defaults: { ...seedSupervisors, ...portSupervisors },
  environments: {
    production: {
      "supervisor-1": { maxProcesses: 10 },
      webhooks: {}, notifications: {}, "long-running": {}, critical: {}, background: {},
    },
    local: {
      "supervisor-1": { maxProcesses: 3, balanceMaxShift: 1, balanceCooldown: 3 },
      // The seed's local block lists only supervisor-1, which would leave
      // webhooks and mail unprocessed in development; ours runs them small.
      webhooks: { processes: 1 }, notifications: { processes: 1 }, "long-running": { processes: 1 },
      critical: { processes: 1 }, background: { maxProcesses: 2 },
    },
  },
};
