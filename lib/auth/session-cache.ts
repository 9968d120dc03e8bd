// A short-lived, bounded, per-process memo of the two costs every console
// request pays before its own work: decrypting the session cookie (an hkdf and
// a JWE decrypt, done by the proxy and again by the guard) and re-reading the
// user row (disabled? role?). A browser polling several screens sends bursts of
// requests with one cookie; with this memo a burst costs one decode and one
// lookup per TTL instead of two decodes and one lookup per request.
//
// The security price is bounded and documented (docs/SECURITY.md): a user
// disabled or re-roled by another process (the admin CLI, SQL) is seen within
// SESSION_CACHE_TTL_MS; a change made through lib/auth/user-admin.ts drops the
// entry in this process at once. An expired cookie is never served from here:
// `exp` is checked against the clock on every hit.
//
// Entries hold promises, so concurrent misses share one decode / one lookup.
// The store lives on globalThis: Next bundles the proxy and the route handlers
// separately, and both must see (and invalidate) the same entries.
import type { SessionClaims } from "./options";
import type { ConsoleUser } from "./users";

/** How long a decoded cookie or a user re-check is reused. Also the documented delay for out-of-process changes. */
export const SESSION_CACHE_TTL_MS = 2_000;
/** Entries per map; the oldest goes first when full, so memory stays bounded whatever cookies arrive. */
export const SESSION_CACHE_MAX_ENTRIES = 1_000;

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/** A Map with a TTL per entry and a size bound (least recently used evicted). */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): Promise<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return entry.value;
  }

  /** Stores `value` until now + TTL (or `expiresAt`, if sooner); a rejected or `drop`ped value is removed again. */
  set(key: string, value: Promise<V>, now: number, options: { expiresAt?: number; drop?: (v: V) => boolean } = {}): Promise<V> {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const entry: Entry<V> = { value, expiresAt: Math.min(now + this.ttlMs, options.expiresAt ?? Infinity) };
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((v) => options.drop?.(v) && forget(), forget);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

interface Store {
  claims: TtlCache<{ secret: string; claims: SessionClaims | null }>;
  users: TtlCache<ConsoleUser | null>;
}

const STORE = Symbol.for("switchyard.session-cache");

function store(): Store {
  const g = globalThis as { [STORE]?: Store };
  g[STORE] ??= {
    claims: new TtlCache(SESSION_CACHE_TTL_MS, SESSION_CACHE_MAX_ENTRIES),
    users: new TtlCache(SESSION_CACHE_TTL_MS, SESSION_CACHE_MAX_ENTRIES),
  };
  return g[STORE];
}

/** Pure: has the JWT's `exp` (seconds) passed at `now` (ms)? A token without `exp` is judged by the decoder alone. */
export function isExpired(claims: { exp?: unknown }, now: number): boolean {
  return typeof claims.exp === "number" && claims.exp * 1000 <= now;
}

/**
 * The decoded claims of a cookie value, decoding at most once per TTL. Only
 * valid cookies are kept (a forged one costs its own decode every time), and
 * an entry never outlives the cookie's own `exp`.
 */
export async function cachedClaims(value: string, secret: string, decode: () => Promise<SessionClaims | null>): Promise<SessionClaims | null> {
  const now = Date.now();
  const { claims } = store();
  let hit = claims.get(value, now);
  if (!hit) {
    const decoded = decode().then((c) => ({ secret, claims: c }));
    hit = claims.set(value, decoded, now, { drop: (v) => v.claims === null });
  }
  const entry = await hit;
  // A cookie decoded under another secret (tests, a rotated key) is not this one's answer.
  if (entry.secret !== secret) return decode();
  if (entry.claims && isExpired(entry.claims as { exp?: unknown }, Date.now())) {
    claims.delete(value);
    return null;
  }
  return entry.claims;
}

/** The user re-check behind the guards, at most once per TTL per user. Errors are never cached. */
export function cachedActiveUser(id: string, lookup: () => Promise<ConsoleUser | null>): Promise<ConsoleUser | null> {
  const now = Date.now();
  const { users } = store();
  return users.get(id, now) ?? users.set(id, lookup(), now);
}

/** Drops what this process remembers about a user: call after disabling, enabling or re-roling them. */
export function invalidateSessionUser(id: string): void {
  store().users.delete(id);
}

/** Tests: start from nothing. */
export function clearSessionCache(): void {
  store().claims.clear();
  store().users.clear();
}
