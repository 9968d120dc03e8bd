// The signed-in user, as the guard sees it (role and state fresh from the database).
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ auth: "viewer" }, ({ user }) => ({ user }));
