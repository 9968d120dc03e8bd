// The guard of server-rendered console pages (the console layout calls it):
// the proxy already sent anonymous visitors to /login; this catches a valid
// cookie whose user has since been disabled or removed.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { loginPath, PATH_HEADER } from "./proxy-decision";
import { currentUser } from "./session";
import type { ConsoleUser } from "./users";

export async function requirePageUser(): Promise<ConsoleUser> {
  const user = await currentUser();
  if (user) return user;
  const path = (await headers()).get(PATH_HEADER) ?? "/";
  redirect(loginPath(path, "SessionEnded"));
}
