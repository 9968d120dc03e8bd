// `npm run admin -- <command>`: manage console users from the shell.
// Exit codes: 0 done, 1 refused or failed (message says why), 2 bad usage.
import { createInterface } from "node:readline";
import { parseAdminArgs, UsageError, USAGE, type AdminCommand } from "../lib/auth/admin-cli-args";
import { ensureAdmin, type EnsureAdminResult } from "../lib/auth/ensure-admin";
import { generatePassword, WeakPassword } from "../lib/auth/password";
import { changePassword, createUserAudited, setDisabled } from "../lib/auth/user-admin";
import { listUsers } from "../lib/auth/users";
import { cliActor } from "../lib/audit/record-audit";
import { AppError } from "../lib/http/app-error";
import { prisma } from "../lib/db/client";
import { env } from "../lib/env";
import { ConfigError } from "../lib/config/config-error";

function printOnce(title: string, email: string, password: string): void {
  const line = "=".repeat(64);
  console.log(`\n${line}\n  ${title}\n\n    email:    ${email}\n    password: ${password}\n\n  This password is shown ONCE and stored only as a hash. Change it with:\n    npm run admin -- set-password ${email}\n${line}\n`);
}

/** Reads a password: hidden prompt (twice) on a terminal, else the first line of stdin. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new UsageError("set-password: no password given (use --password=..., --generate, or pipe it on stdin)");
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
        if (s.includes(question)) process.stdout.write(question);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("New password: ");
  if ((await ask("Repeat it: ")) !== first) throw new UsageError("set-password: the two passwords differ");
  return first;
}

function describeEnsure(result: EnsureAdminResult): void {
  switch (result.type) {
    case "created":
      if (result.generatedPassword) printOnce("Switchyard admin account created", result.email, result.generatedPassword);
      else console.log(`admin ${result.email} created with the password from ADMIN_PASSWORD`);
      return;
    case "exists":
      console.log(`admin ${result.email} exists`);
      if (result.passwordIgnored) {
        console.log("  ADMIN_PASSWORD is set but not applied: an existing account's password is never reset on start (use `npm run admin -- set-password`)");
      }
      return;
    case "others-exist":
      console.log(`${result.admins} enabled admin account(s) exist; not creating ${result.email}`);
      return;
    case "not-admin":
      console.log(`${result.email} exists as ${result.role.toLowerCase()}${result.disabled ? " (disabled)" : ""}; leaving it unchanged`);
      if (result.admins === 0) {
        console.log(`  WARNING: no enabled admin exists. Fix with \`npm run admin -- enable ${result.email}\` or \`npm run admin -- create <email>\``);
      }
      return;
  }
}

async function run(command: AdminCommand): Promise<void> {
  const actor = cliActor();
  switch (command.type) {
    case "help":
      console.log(USAGE);
      return;
    case "create": {
      const password = command.password ?? generatePassword();
      const user = await createUserAudited({ email: command.email, password, role: command.role, name: command.name }, actor);
      if (command.password) console.log(`created ${user.role.toLowerCase()} ${user.email}`);
      else printOnce(`Switchyard ${user.role.toLowerCase()} account created`, user.email, password);
      return;
    }
    case "set-password": {
      const password = command.password ?? (command.generate ? generatePassword() : await readPassword());
      const user = await changePassword(command.email, password, actor);
      if (command.generate) printOnce("Password changed", user.email, password);
      else console.log(`password of ${user.email} changed`);
      return;
    }
    case "disable":
    case "enable": {
      const { user, changed } = await setDisabled(command.email, command.type === "disable", actor, { force: command.type === "disable" && command.force });
      console.log(`${user.email} ${changed ? "is now" : "was already"} ${user.disabled ? "disabled" : "enabled"}`);
      return;
    }
    case "list": {
      const users = await listUsers();
      if (users.length === 0) console.log("no users");
      for (const u of users) {
        const last = u.lastLoginAt ? u.lastLoginAt.toISOString() : "never";
        console.log(`${u.email.padEnd(40)} ${u.role.toLowerCase().padEnd(7)} ${(u.disabled ? "disabled" : "enabled").padEnd(9)} last sign-in ${last}`);
      }
      return;
    }
    case "ensure": {
      const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
      describeEnsure(await ensureAdmin({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, actor));
      return;
    }
  }
}

function failureMessage(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${USAGE}`, code: 2 };
  if (error instanceof WeakPassword || error instanceof AppError || error instanceof ConfigError) return { message: error.message, code: 1 };
  const name = (error as Error)?.name ?? "";
  if (name.startsWith("PrismaClient") || (error as { code?: string })?.code === "ECONNREFUSED") {
    return { message: `cannot use the database (${(error as Error).message.split("\n").filter(Boolean).at(-1)}); is PostgreSQL running and DATABASE_URL right?`, code: 1 };
  }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), code: 1 };
}

async function main(): Promise<number> {
  try {
    await run(parseAdminArgs(process.argv.slice(2)));
    return 0;
  } catch (error) {
    const { message, code } = failureMessage(error);
    console.error(`admin: ${message}`);
    return code;
  } finally {
    await prisma().$disconnect().catch(() => {});
  }
}

process.exitCode = await main();
