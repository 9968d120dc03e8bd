"use client";
// Shown when a page or the console layout throws (e.g. PostgreSQL is down):
// a clear message and a retry, never a blank screen or a stack trace.
import { useEffect } from "react";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-xl font-semibold">The console could not load this page</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        A backing service (PostgreSQL or Redis) may be unavailable. The server log has the details
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500"
      >
        Try again
      </button>
    </main>
  );
}
