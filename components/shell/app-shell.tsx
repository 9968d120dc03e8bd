"use client";
// The console frame: a fixed sidebar from 768 px up; below that a top bar whose
// "Menu" button opens the same navigation as a drawer (Escape closes it).
import Link from "next/link";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu, type MenuUser } from "./user-menu";

function Brand() {
  return (
    <Link href="/" className="text-lg font-semibold tracking-tight">
      Switchyard
    </Link>
  );
}

export function AppShell({ user, children }: { user: MenuUser; children: ReactNode }) {
  const [navOpen, setNavOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!navOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setNavOpen(false);
        toggleRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navOpen]);

  return (
    <div className="min-h-full md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>

      <aside className="hidden w-60 shrink-0 flex-col border-r border-zinc-200 bg-white px-3 py-4 md:flex dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-6 px-3">
          <Brand />
        </div>
        <SidebarNav />
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
          <button
            ref={toggleRef}
            type="button"
            className="rounded-md px-2 py-1.5 text-sm font-medium hover:bg-zinc-100 md:hidden dark:hover:bg-zinc-800"
            aria-expanded={navOpen}
            aria-controls="mobile-nav"
            onClick={() => setNavOpen((v) => !v)}
          >
            {navOpen ? "Close" : "Menu"}
          </button>
          <div className="md:hidden">
            <Brand />
          </div>
          <div className="ml-auto min-w-0">
            <UserMenu user={user} />
          </div>
        </header>

        {navOpen ? (
          <div id="mobile-nav" className="border-b border-zinc-200 bg-white px-3 py-3 md:hidden dark:border-zinc-800 dark:bg-zinc-900">
            <SidebarNav onNavigate={() => setNavOpen(false)} />
          </div>
        ) : null}

        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 md:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
