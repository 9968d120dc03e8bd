import type { SupervisorOptions } from "./schema";

/** Horizon's SupervisorOptions defaults, under `defaults` and the environment's overrides. */
export const SUPERVISOR_DEFAULTS: Omit<SupervisorOptions, "connection" | "queue"> = {
  balance: false,
  autoScalingStrategy: "time",
  maxProcesses: 1,
  minProcesses: 1,
  balanceMaxShift: 1,
  balanceCooldown: 3,
  memory: 128,
  tries: 1,
  timeout: 60,
  nice: 0,
};
