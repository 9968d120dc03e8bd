// Signs in over HTTP exactly as the login form does (next-auth csrf + credentials callback).

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

export interface SignInResult {
  /** Cookie header carrying the session, or null when refused. */
  cookie: string | null;
  /** next-auth's error (e.g. "CredentialsSignin" or our message), when refused. */
  error: string | null;
}

export async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<SignInResult> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = cookiesOf(csrfRes);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const { url } = (await res.json()) as { url: string };
  const error = new URL(url).searchParams.get("error");
  const session = cookiesOf(res).find((c) => c.includes("session-token="));
  return { cookie: error ? null : (session ?? null), error };
}
