// Every console page renders inside this: the guard (a disabled user's cookie
// ends here), the React Query provider and the navigation shell.
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/providers/query-provider";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <QueryProvider>
      <AppShell user={{ email: user.email, name: user.name, role: user.role }}>{children}</AppShell>
    </QueryProvider>
  );
}
