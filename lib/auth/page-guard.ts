// The guard of server-rendered console pages. The console layout calls it on
// every full page load; the proxy already sent anonymous visitors to /login,
// this catches a valid cookie whose user has since been disabled or removed.
// Layouts are kept across client-side navigation, so a page that reads data
// on the server must call it too (cached: one database lookup per render).
// Client screens need not: their data comes from guarded route handlers.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loginPath, PATH_HEADER } from "./proxy-decision";
import { currentUser } from "./session";
import type { ConsoleUser } from "./users";

/** One database re-check per server render, however many layouts and templates ask. */
const currentUserOnce = cache(currentUser);

export async function requirePageUser(): Promise<ConsoleUser> {
  const user = await currentUserOnce();
  if (user) return user;
  const path = (await headers()).get(PATH_HEADER) ?? "/";
  redirect(loginPath(path, "SessionEnded"));
}
