import { beforeEach, describe, expect, it, vi } from "vitest";
import { Forbidden, Unauthenticated } from "../http/app-error";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null; role: "ADMIN" | "VIEWER" } }));
vi.mock("./session", () => ({
  userFromRequest: vi.fn(async () => session.user),
  currentUser: vi.fn(async () => session.user),
}));

const { assertAllowed, requireAdmin, requireViewer } = await import("./guards");
const sessionModule = await import("./session");

const ADMIN = { id: "a", email: "a@example.test", name: null, role: "ADMIN" as const };
const VIEWER = { id: "v", email: "v@example.test", name: null, role: "VIEWER" as const };

beforeEach(() => {
  session.user = null;
});

describe("assertAllowed", () => {
  it.each([
    [null, "viewer", Unauthenticated],
    [null, "admin", Unauthenticated],
    [VIEWER, "viewer", null],
    [VIEWER, "admin", Forbidden],
    [ADMIN, "viewer", null],
    [ADMIN, "admin", null],
  ] as const)("%o at level %s", (user, level, error) => {
    if (error) expect(() => assertAllowed(user, level)).toThrow(error);
    else expect(assertAllowed(user, level)).toBe(user);
  });

  it("carries the HTTP status and code", () => {
    expect(() => assertAllowed(null, "viewer")).toThrow(expect.objectContaining({ status: 401, code: "unauthenticated" }));
    expect(() => assertAllowed(VIEWER, "admin")).toThrow(expect.objectContaining({ status: 403, code: "forbidden" }));
  });
});

describe("requireViewer / requireAdmin", () => {
  it("read the session from the Request when given one", async () => {
    session.user = VIEWER;
    const req = new Request("http://x/api/me");
    await expect(requireViewer(req)).resolves.toBe(VIEWER);
    await expect(requireAdmin(req)).rejects.toBeInstanceOf(Forbidden);
    expect(sessionModule.userFromRequest).toHaveBeenCalledWith(req);
  });

  it("read the current request's cookies without one (server components)", async () => {
    session.user = ADMIN;
    await expect(requireAdmin()).resolves.toBe(ADMIN);
    expect(sessionModule.currentUser).toHaveBeenCalled();
  });

  it("refuse anonymous callers", async () => {
    await expect(requireViewer(new Request("http://x/"))).rejects.toBeInstanceOf(Unauthenticated);
  });
});
