// The console's sections, in sidebar order. Screens arrive with issue 9.
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Dashboard" },
  { href: "/queues", label: "Queues" },
  { href: "/failed", label: "Failed jobs" },
  { href: "/batches", label: "Batches" },
  { href: "/tags", label: "Tags" },
  { href: "/supervisors", label: "Supervisors" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/metrics", label: "Metrics" },
  { href: "/audit", label: "Audit log" },
];

/** "/" is active only on the dashboard itself; other sections also own their sub-pages. */
export function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
