import { z } from "zod";
import type { CookieJar, CookieOptions } from "./cookies/cookie-jar.js";
import type { Core } from "./core.js";
import { safeReturnTo } from "./routes/return-to.js";

/**
 * The pending step-up after a middleware redirect: the sealed MFA context and
 * where to resume. It travels in a cookie, never in a URL, so that the context
 * stays out of history, logs and Referer. httpOnly (scripts read it only
 * through `POST {prefix}/mfa/context`, which checks origin and session),
 * SameSite=Lax, Secure on https, and limited to the MFA routes' path: the
 * pages never need it.
 */
export interface PendingStepUp {
  mfaToken: string;
  returnTo: string;
}

const valueSchema = z.object({ c: z.string().min(1), r: z.string() });

/**
 * `{session cookie}_mfa`. A `__Host-` cookie must have Path=/, and this one is
 * limited to the MFA routes, so on https it carries `__Secure-` instead
 * (still Secure-only, so a plain-http page cannot plant it).
 */
export function pendingStepUpCookieName(core: Core): string {
  return `${core.config.cookieName.replace(/^__Host-/, "__Secure-")}_mfa`;
}

function cookieOptions(core: Core, maxAge: number): CookieOptions {
  return {
    httpOnly: true,
    secure: core.config.secureCookies,
    sameSite: "lax",
    path: `${core.config.prefix}/mfa`,
    maxAge,
  };
}

/** Stores the pending step-up; it lives as long as the context (`mfaContextTtl`). */
export function writePendingStepUp(core: Core, jar: CookieJar, pending: PendingStepUp): void {
  const value = JSON.stringify({ c: pending.mfaToken, r: pending.returnTo });
  jar.set(pendingStepUpCookieName(core), value, cookieOptions(core, core.config.mfaContextTtl));
}

/**
 * The pending step-up, or undefined when absent or malformed. `returnTo` is
 * validated again here: a cookie can be planted by a sibling subdomain, so it
 * is not trusted to be the one we wrote.
 */
export function readPendingStepUp(core: Core, jar: CookieJar): PendingStepUp | undefined {
  const raw = jar.get(pendingStepUpCookieName(core));
  if (raw === undefined) return undefined;
  let parsed: z.infer<typeof valueSchema>;
  try {
    parsed = valueSchema.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
  return { mfaToken: parsed.c, returnTo: safeReturnTo(parsed.r, core.config.appBaseUrl) };
}

/** Deletes the cookie (same name and path as written, or the browser keeps it). */
export function clearPendingStepUp(core: Core, jar: CookieJar): void {
  if (jar.get(pendingStepUpCookieName(core)) === undefined) return;
  jar.set(pendingStepUpCookieName(core), "", cookieOptions(core, 0));
}
