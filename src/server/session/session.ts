import type { User } from "../../types/index.js";

/** One access token per (audience, requested scope); `scope` is the requested scope ("" = default). */
export interface TokenSet {
  audience: string;
  scope: string;
  accessToken: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The scope the server granted, when it said. */
  grantedScope?: string;
}

/** What the session cookie holds (sealed). Times in seconds since the epoch. */
export interface Session {
  /** Random session id; MFA contexts are bound to it. */
  sid: string;
  user: User;
  idToken: string;
  refreshToken?: string;
  tokenSets: TokenSet[];
  createdAt: number;
  /** Last write; drives the rolling expiry. */
  updatedAt: number;
}

/**
 * Does an opened cookie hold a session of this version's shape? The seal
 * already proves we wrote it; this guards against a shape written by another
 * version of the library (or a seal key shared by mistake), which would
 * otherwise crash a route with a 500 instead of reading as "no session".
 * A hand check rather than a schema: it runs on every request.
 */
export function isSession(value: unknown): value is Session {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  const user = s.user as Record<string, unknown> | null | undefined;
  return (
    typeof s.sid === "string" &&
    typeof user === "object" &&
    user !== null &&
    typeof user.sub === "string" &&
    typeof s.idToken === "string" &&
    (s.refreshToken === undefined || typeof s.refreshToken === "string") &&
    typeof s.createdAt === "number" &&
    typeof s.updatedAt === "number" &&
    Array.isArray(s.tokenSets) &&
    s.tokenSets.every(isTokenSet)
  );
}

function isTokenSet(value: unknown): value is TokenSet {
  if (typeof value !== "object" || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.audience === "string" &&
    typeof t.scope === "string" &&
    typeof t.accessToken === "string" &&
    typeof t.expiresAt === "number" &&
    (t.grantedScope === undefined || typeof t.grantedScope === "string")
  );
}

/** ID token claims kept in the session: enough for a profile, without the JWT bookkeeping. */
const USER_CLAIMS = [
  "sub",
  "name",
  "given_name",
  "family_name",
  "nickname",
  "email",
  "email_verified",
  "picture",
  "updated_at",
  "org_id",
] as const;

export function pickUser(claims: Record<string, unknown>): User {
  const user: Record<string, unknown> = {};
  for (const claim of USER_CLAIMS) {
    if (claims[claim] !== undefined) user[claim] = claims[claim];
  }
  return { ...user, sub: String(claims.sub) };
}

export function findTokenSet(
  session: Session,
  audience: string,
  scope: string,
): TokenSet | undefined {
  return session.tokenSets.find((set) => set.audience === audience && set.scope === scope);
}

/** A copy of `session` whose entry for (audience, scope) is `tokenSet`, replacing any old one. */
export function withTokenSet(session: Session, tokenSet: TokenSet): Session {
  return {
    ...session,
    tokenSets: [
      ...session.tokenSets.filter(
        (set) => !(set.audience === tokenSet.audience && set.scope === tokenSet.scope),
      ),
      tokenSet,
    ],
  };
}
