// Parses `npm run admin -- <command> ...` into a command value (pure, so every
// bad input and its message is tested without a database).
import { z } from "zod";
import { emailSchema } from "./users";

export type AdminRole = "ADMIN" | "VIEWER";

export type AdminCommand =
  | { type: "create"; email: string; role: AdminRole; password?: string; name?: string }
  | { type: "set-password"; email: string; password?: string; generate: boolean }
  | { type: "disable"; email: string; force: boolean }
  | { type: "enable"; email: string }
  | { type: "list" }
  | { type: "ensure" }
  | { type: "help" };

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: npm run admin -- <command>

  create <email> [--role=admin|viewer] [--password=...] [--name=...]
                             create a user (default role: admin); without --password one is generated and printed once
  set-password <email> [--password=...|--generate]
                             set a new password (prompted for when neither option is given)
  disable <email> [--force]  stop a user signing in; their open sessions stop working at once
                             (--force allows disabling the last enabled admin)
  enable <email>             let a disabled user sign in again
  list                       list users with role, state and last sign-in
  ensure                     make sure an admin exists (run by npm start/dev/test): ADMIN_EMAIL
                             (default admin@localhost) with ADMIN_PASSWORD, or a generated password printed once`;

const COMMAND_OPTIONS: Record<string, string[]> = {
  create: ["role", "password", "name"],
  "set-password": ["password", "generate"],
  disable: ["force"],
  enable: [],
  list: [],
  ensure: [],
};

const roleSchema = z.enum(["admin", "viewer"], { message: "--role must be admin or viewer" });

function splitArgs(args: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (const arg of args) {
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq === -1) options.set(arg.slice(2), true);
    else options.set(arg.slice(2, eq), arg.slice(eq + 1));
  }
  return { positional, options };
}

function stringOption(options: Map<string, string | true>, name: string): string | undefined {
  const value = options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value: --${name}=...`);
  return value;
}

function parseEmail(command: string, positional: string[]): string {
  if (positional.length === 0) throw new UsageError(`${command}: missing <email>`);
  if (positional.length > 1) throw new UsageError(`${command}: expected one <email>, got ${positional.length} arguments`);
  const parsed = emailSchema.safeParse(positional[0]);
  if (!parsed.success) throw new UsageError(`${command}: "${positional[0]}" is not a valid email address`);
  return parsed.data;
}

export function parseAdminArgs(argv: string[]): AdminCommand {
  const [command, ...rest] = argv;
  if (!command) throw new UsageError("missing command");
  if (command === "help" || command === "--help" || command === "-h") return { type: "help" };
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) throw new UsageError(`unknown command "${command}" (expected one of: ${Object.keys(COMMAND_OPTIONS).join(", ")})`);
  const { positional, options } = splitArgs(rest);
  for (const name of options.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`${command}: unknown option --${name}${allowed.length ? ` (allowed: ${allowed.map((o) => `--${o}`).join(", ")})` : ""}`);
  }

  switch (command) {
    case "create": {
      const role = roleSchema.safeParse(stringOption(options, "role") ?? "admin");
      if (!role.success) throw new UsageError(`create: ${role.error.issues[0].message}`);
      const password = stringOption(options, "password");
      if (password === "") throw new UsageError("create: --password is empty");
      return { type: "create", email: parseEmail(command, positional), role: role.data === "admin" ? "ADMIN" : "VIEWER", password, name: stringOption(options, "name") };
    }
    case "set-password": {
      const password = stringOption(options, "password");
      const generate = options.get("generate") === true;
      if (options.has("generate") && !generate) throw new UsageError("set-password: --generate takes no value");
      if (password !== undefined && generate) throw new UsageError("set-password: use either --password or --generate, not both");
      if (password === "") throw new UsageError("set-password: --password is empty");
      return { type: "set-password", email: parseEmail(command, positional), password, generate };
    }
    case "disable":
      return { type: "disable", email: parseEmail(command, positional), force: options.get("force") === true };
    case "enable":
      return { type: "enable", email: parseEmail(command, positional) };
    default:
      if (positional.length) throw new UsageError(`${command}: takes no arguments (got "${positional.join(" ")}")`);
      return { type: command as "list" | "ensure" };
  }
}
