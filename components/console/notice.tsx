import type { ActionNotice } from "./use-action";

/** The outcome of the last action, announced to screen readers. */
export function Notice({ notice }: { notice: ActionNotice | null }) {
  return (
    <div aria-live="polite" className="min-h-0">
      {notice ? (
        <p
          role={notice.tone === "error" ? "alert" : "status"}
          className={`mt-2 rounded-md px-3 py-2 text-sm ${
            notice.tone === "error"
              ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"
              : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
          }`}
        >
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
