// Remote control of masters and supervisors as data (Horizon's Pause,
// ContinueWorking, Terminate, Restart and Scale command objects). A command is
// pushed to its target's list in Redis, so it reaches a process on any host;
// the target drains its list on every loop pass.
import type { Redis } from "ioredis";
import { z } from "zod";
import { key } from "../redis/connection";

export const supervisorCommandSchema = z.discriminatedUnion("type", [
  /** Stop taking new jobs; jobs in flight finish. */
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("continue") }),
  /** Finish in-flight jobs and exit (a master takes its supervisors with it). */
  z.object({ type: z.literal("terminate") }),
  /** Replace every worker process gracefully with a fresh one (deploys: new code is loaded). */
  z.object({ type: z.literal("restart") }),
  /** Set a supervisor's total processes, split evenly over its pools (Horizon's Supervisor::scale). */
  z.object({ type: z.literal("scale"), processes: z.number().int().min(0).max(1000) }),
]);
export type SupervisorCommand = z.infer<typeof supervisorCommandSchema>;
export type CommandType = SupervisorCommand["type"];

/** Commands older than this are dropped: their target is gone or stuck. */
const COMMAND_TTL_MS = 60_000;

export const commandsKey = (target: string) => key("workers", "commands", target);

export async function sendCommand(redis: Redis, target: string, command: SupervisorCommand): Promise<void> {
  const valid = supervisorCommandSchema.parse(command);
  await redis.multi().rpush(commandsKey(target), JSON.stringify(valid)).pexpire(commandsKey(target), COMMAND_TTL_MS).exec();
}

/** Takes every pending command of `target` atomically, in the order sent; malformed entries are reported apart. */
export async function takeCommands(redis: Redis, target: string): Promise<{ commands: SupervisorCommand[]; invalid: string[] }> {
  const result = await redis.multi().lrange(commandsKey(target), 0, -1).del(commandsKey(target)).exec();
  const raw = (result?.[0]?.[1] as string[] | undefined) ?? [];
  const commands: SupervisorCommand[] = [];
  const invalid: string[] = [];
  for (const entry of raw) {
    try {
      commands.push(supervisorCommandSchema.parse(JSON.parse(entry)));
    } catch {
      invalid.push(entry);
    }
  }
  return { commands, invalid };
}
