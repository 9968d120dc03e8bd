// Real PostgreSQL: ensureAdmin, user administration and its audit rows, and the
// CLI's exit codes. Every row here has a unique email and is removed afterwards.
import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { prisma } from "../db/client";
import { ensureAdmin } from "./ensure-admin";
import { verifyPassword } from "./password";
import { encode } from "next-auth/jwt";
import { authSecret } from "./secret";
import { userFromSessionCookie } from "./session";
import { changePassword, createUserAudited, setDisabled } from "./user-admin";
import { UserExists, UserNotFound } from "./user-errors";

const RUN = randomUUID().slice(0, 8);
const actor = { id: null, email: `test:${RUN}` };
const emails: string[] = [];
const email = (label: string) => {
  const e = `${label}-${RUN}-${emails.length}@user-admin.test`;
  emails.push(e);
  return e;
};

afterAll(async () => {
  await prisma().auditLog.deleteMany({ where: { actorEmail: { in: [actor.email, "cli:root", `cli:${process.env.USER}`] }, target: { in: emails.map((e) => `user:${e}`) } } });
  await prisma().user.deleteMany({ where: { email: { in: emails } } });
});

const hashOf = async (e: string) => (await prisma().user.findUniqueOrThrow({ where: { email: e } })).passwordHash;

describe("ensureAdmin", () => {
  it("creates ADMIN_EMAIL's account with ADMIN_PASSWORD, then never resets it", async () => {
    const e = email("ensure");
    expect(await ensureAdmin({ email: e, password: "first-password" }, actor)).toEqual({ type: "created", email: e, generatedPassword: undefined });
    expect(await verifyPassword("first-password", await hashOf(e))).toBe(true);

    expect(await ensureAdmin({ email: e, password: "second-password" }, actor)).toEqual({ type: "exists", email: e, passwordIgnored: true });
    expect(await verifyPassword("first-password", await hashOf(e))).toBe(true);
  });

  it("generates a password when ADMIN_PASSWORD is not set, and returns it to print once", async () => {
    const e = email("ensure-gen");
    const result = await ensureAdmin({ email: e }, actor);
    if (result.type !== "created" || !result.generatedPassword) throw new Error(`unexpected ${JSON.stringify(result)}`);
    expect(await verifyPassword(result.generatedPassword, await hashOf(e))).toBe(true);
    expect((await prisma().user.findUniqueOrThrow({ where: { email: e } })).role).toBe("ADMIN");
  });

  it("leaves an existing viewer alone and says so", async () => {
    const e = email("ensure-viewer");
    await createUserAudited({ email: e, password: "viewer-password", role: "VIEWER" }, actor);
    expect(await ensureAdmin({ email: e, password: "other-password" }, actor)).toMatchObject({ type: "not-admin", role: "VIEWER", disabled: false });
    expect(await verifyPassword("viewer-password", await hashOf(e))).toBe(true);
  });

  it("creates nothing when ADMIN_EMAIL is unset and admins exist", async () => {
    await createUserAudited({ email: email("some-admin"), password: "admin-password", role: "ADMIN" }, actor);
    const result = await ensureAdmin({}, actor);
    expect(result.type === "others-exist" || result.type === "exists").toBe(true);
  });
});

describe("user administration", () => {
  it("creates, changes the password, disables and enables — each with an audit row", async () => {
    const e = email("admin-ops");
    const user = await createUserAudited({ email: e.toUpperCase(), password: "initial-password", role: "VIEWER" }, actor);
    expect(user).toMatchObject({ email: e, role: "VIEWER", disabled: false });
    await expect(createUserAudited({ email: e, password: "initial-password", role: "ADMIN" }, actor)).rejects.toBeInstanceOf(UserExists);

    await changePassword(e, "changed-password", actor);
    expect(await verifyPassword("changed-password", await hashOf(e))).toBe(true);

    expect(await setDisabled(e, true, actor)).toMatchObject({ changed: true, user: { disabled: true } });
    expect(await setDisabled(e, true, actor)).toMatchObject({ changed: false });
    expect(await setDisabled(e, false, actor)).toMatchObject({ changed: true, user: { disabled: false } });

    const rows = await prisma().auditLog.findMany({ where: { target: `user:${e}` }, orderBy: { at: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["user.create", "user.set-password", "user.disable", "user.enable"]);
    expect(rows.every((r) => r.actorEmail === actor.email)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("changed-password");
  });

  it("disabling through here ends a session in this process at once, despite the guard's short cache", async () => {
    const e = email("cached-session");
    const user = await createUserAudited({ email: e, password: "initial-password", role: "VIEWER" }, actor);
    const cookie = await encode({ token: { sub: user.id, email: e }, secret: authSecret() });
    expect(await userFromSessionCookie(cookie)).toMatchObject({ id: user.id }); // now remembered for the TTL
    await setDisabled(e, true, actor);
    expect(await userFromSessionCookie(cookie)).toBeNull();
    await setDisabled(e, false, actor);
    expect(await userFromSessionCookie(cookie)).toMatchObject({ id: user.id });
  });

  it("refuses unknown users with a 404-style error", async () => {
    await expect(setDisabled(`nobody-${RUN}@user-admin.test`, true, actor)).rejects.toBeInstanceOf(UserNotFound);
    await expect(changePassword(`nobody-${RUN}@user-admin.test`, "long-enough", actor)).rejects.toBeInstanceOf(UserNotFound);
  });
});

describe("scripts/admin.ts", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { cwd: root, env: process.env, encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("creates a user with a generated password printed once, lists it, disables it", () => {
    const e = email("cli");
    const created = cli("create", e, "--role=viewer");
    expect(created.code).toBe(0);
    expect(created.out).toContain("shown ONCE");
    expect(created.out).toMatch(/password: [A-Za-z0-9]{20}/);
    const listed = cli("list");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(new RegExp(`${e.replace(/[.]/g, "\\.")}\\s+viewer\\s+enabled`));
    expect(cli("disable", e)).toMatchObject({ code: 0, out: `${e} is now disabled\n` });
  }, 60_000);

  it("exits non-zero with a clear message on bad input", () => {
    expect(cli("create", "not-an-email")).toMatchObject({ code: 2, err: expect.stringContaining('"not-an-email" is not a valid email address') });
    expect(cli("disable", `nobody-${RUN}@user-admin.test`)).toMatchObject({ code: 1, err: expect.stringContaining("No user with email") });
    expect(cli("create", email("cli-weak"), "--password=short")).toMatchObject({ code: 1, err: expect.stringContaining("at least 8 characters") });
    expect(cli()).toMatchObject({ code: 2, err: expect.stringContaining("missing command") });
  }, 60_000);

  it("ensure respects ADMIN_EMAIL/ADMIN_PASSWORD and says when the password is not applied", () => {
    const e = email("cli-ensure");
    const env = { ...process.env, ADMIN_EMAIL: e, ADMIN_PASSWORD: "ensure-password" };
    const run = () => spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", "ensure"], { cwd: root, env, encoding: "utf8" });
    expect(run()).toMatchObject({ status: 0, stdout: `admin ${e} created with the password from ADMIN_PASSWORD\n` });
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`admin ${e} exists`);
    expect(again.stdout).toContain("ADMIN_PASSWORD is set but not applied");
  }, 60_000);
});
