// next-auth's endpoints (csrf, credentials callback, session, signout). Public by
// design (lib/auth/public-paths.ts); the options are built per request so a
// missing production secret fails here with a clear message, not at build time.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: Context): Promise<Response> {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
