"use client";
// Email + password form posting to next-auth's credentials provider. Errors
// (wrong password, throttled, disabled, service down) are shown in place.
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";

const WRONG_CREDENTIALS = "Wrong email or password.";

/** next-auth reports a null from authorize() as "CredentialsSignin"; anything else is our own message. */
export function signInErrorMessage(error: string): string {
  if (error === "CredentialsSignin") return WRONG_CREDENTIALS;
  if (error === "Configuration") return "Sign-in is not configured on the server (see its log).";
  return error;
}

export function LoginForm({ next, notice }: { next: string; notice: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? "CredentialsSignin"));
        setPending(false);
        return;
      }
      // A full navigation, so the server renders the console with the new cookie.
      window.location.assign(next);
    } catch {
      setError("The server could not be reached. Try again.");
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      aria-describedby={error ? "login-error" : notice ? "login-notice" : undefined}
    >
      {notice && !error ? (
        <p id="login-notice" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p id="login-error" data-testid="login-error" role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
