import { describe, expect, it } from "vitest";
import { parseAdminArgs, UsageError } from "./admin-cli-args";

describe("parseAdminArgs", () => {
  it.each([
    [["create", "Ops@Example.com"], { type: "create", email: "ops@example.com", role: "ADMIN", password: undefined, name: undefined }],
    [["create", "v@example.com", "--role=viewer", "--password=long-enough"], { type: "create", email: "v@example.com", role: "VIEWER", password: "long-enough", name: undefined }],
    [["create", "a@example.com", "--name=Ada L"], { type: "create", email: "a@example.com", role: "ADMIN", password: undefined, name: "Ada L" }],
    [["set-password", "a@example.com"], { type: "set-password", email: "a@example.com", password: undefined, generate: false }],
    [["set-password", "a@example.com", "--generate"], { type: "set-password", email: "a@example.com", password: undefined, generate: true }],
    [["set-password", "a@example.com", "--password=p=with=equals"], { type: "set-password", email: "a@example.com", password: "p=with=equals", generate: false }],
    [["disable", "a@example.com"], { type: "disable", email: "a@example.com", force: false }],
    [["disable", "a@example.com", "--force"], { type: "disable", email: "a@example.com", force: true }],
    [["enable", "a@example.com"], { type: "enable", email: "a@example.com" }],
    [["list"], { type: "list" }],
    [["ensure"], { type: "ensure" }],
    [["help"], { type: "help" }],
    [["--help"], { type: "help" }],
  ])("%j", (argv, expected) => {
    expect(parseAdminArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], "missing command"],
    [["delete", "a@example.com"], 'unknown command "delete" (expected one of: create, set-password, disable, enable, list, ensure)'],
    [["create"], "create: missing <email>"],
    [["create", "not-an-email"], 'create: "not-an-email" is not a valid email address'],
    [["create", "a@example.com", "b@example.com"], "create: expected one <email>, got 2 arguments"],
    [["create", "a@example.com", "--role=owner"], "create: --role must be admin or viewer"],
    [["create", "a@example.com", "--role"], "--role needs a value: --role=..."],
    [["create", "a@example.com", "--password="], "create: --password is empty"],
    [["create", "a@example.com", "--admin"], "create: unknown option --admin (allowed: --role, --password, --name)"],
    [["set-password", "a@example.com", "--password=x", "--generate"], "set-password: use either --password or --generate, not both"],
    [["set-password", "a@example.com", "--generate=yes"], "set-password: --generate takes no value"],
    [["disable"], "disable: missing <email>"],
    [["list", "extra"], 'list: takes no arguments (got "extra")'],
    [["ensure", "--force"], "ensure: unknown option --force"],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseAdminArgs(argv)).toThrow(UsageError);
    expect(() => parseAdminArgs(argv)).toThrow(message);
  });
});
