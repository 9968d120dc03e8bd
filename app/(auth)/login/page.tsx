import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/auth/proxy-decision";
import { authSecret } from "@/lib/auth/secret";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** Messages for the `error` next-auth or our guards put in the URL. */
const NOTICES: Record<string, string> = {
  SessionEnded: "Your session ended (it expired, or the account was disabled). Sign in again.",
  SessionRequired: "Sign in to use the console.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  // Already signed in (and still enabled): straight on. A database hiccup just shows the form.
  const user = await currentUser().catch(() => null);
  if (user) redirect(next);
  const error = first(params.error);
  const configured = (() => {
    try {
      return Boolean(authSecret());
    } catch {
      return false; // the server log has the ConfigError naming NEXTAUTH_SECRET
    }
  })();
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight">Switchyard</p>
          <h1 className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Sign in to the queue console</h1>
        </div>
        <LoginForm
          next={next}
          notice={configured ? (error ? (NOTICES[error] ?? null) : null) : "Sign-in is not configured on this server (NEXTAUTH_SECRET is missing; see the server log)."}
        />
      </div>
    </main>
  );
}
