// Console users (admin only): list, and create one with an audit entry.
// The CLI (scripts/admin.ts) does the same from a shell.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { generatePassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { createUserAudited } from "@/lib/auth/user-admin";
import { emailSchema, listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "admin" }, async () => ({ users: await listUsers() }));

const createUserBody = z.strictObject({
  email: emailSchema,
  role: z.enum(["ADMIN", "VIEWER"]).default("VIEWER"),
  name: z.string().trim().min(1).max(100).optional(),
  /** Omit to have one generated and returned once. */
  password: z.string().min(MIN_PASSWORD_LENGTH).max(72).optional(),
});

export const POST = route({ auth: "admin", body: createUserBody }, async ({ body, user }) => {
  const password = body.password ?? generatePassword();
  const created = await createUserAudited(
    { email: body.email, role: body.role, name: body.name, password },
    { id: user.id, email: user.email },
  );
  return Response.json(
    { user: created, generatedPassword: body.password ? undefined : password },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
