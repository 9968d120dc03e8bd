"use client";
// The signed-in user's email and role, and sign-out. A disclosure menu that
// works with the keyboard: Enter/Space opens, Escape closes and returns focus.
import { signOut } from "next-auth/react";
import { useEffect, useId, useRef, useState } from "react";

export interface MenuUser {
  email: string;
  name: string | null;
  role: "ADMIN" | "VIEWER";
}

export function RoleBadge({ role }: { role: MenuUser["role"] }) {
  const admin = role === "ADMIN";
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${
        admin ? "bg-indigo-100 text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200" : "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200"
      }`}
    >
      {admin ? "Admin" : "Viewer"}
    </span>
  );
}

export function UserMenu({ user }: { user: MenuUser }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const firstItemRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    firstItemRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  async function onSignOut() {
    setSigningOut(true);
    await signOut({ redirect: false });
    window.location.assign("/login");
  }

  return (
    <div className="relative" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        aria-label={`Account: ${user.name ?? user.email} (${user.role === "ADMIN" ? "Admin" : "Viewer"})`}
        data-testid="user-menu-button"
        className="flex min-w-0 max-w-[16rem] items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        {/* Phones show an initial; the full name or email from 640 px up. */}
        <span
          aria-hidden="true"
          className="flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold uppercase sm:hidden dark:bg-zinc-700"
        >
          {(user.name ?? user.email).slice(0, 1)}
        </span>
        <span className="hidden truncate sm:inline" data-testid="user-email">
          {user.name ?? user.email}
        </span>
        <RoleBadge role={user.role} />
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label="Account"
          className="absolute right-0 z-30 mt-2 w-64 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">
            Signed in as <span className="font-medium text-zinc-900 dark:text-zinc-100">{user.email}</span>
            <br />
            {user.role === "ADMIN" ? "Admin: may read and act" : "Viewer: may read, not act"}
          </div>
          <button
            ref={firstItemRef}
            type="button"
            role="menuitem"
            onClick={onSignOut}
            disabled={signingOut}
            className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-zinc-100 disabled:opacity-60 dark:hover:bg-zinc-800"
          >
            {signingOut ? "Signing out…" : "Sign out"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
