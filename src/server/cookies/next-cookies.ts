import { StepUpError } from "../../errors/index.js";
import { isNextControlFlow } from "../next-control-flow.js";
import type { CookieJar } from "./cookie-jar.js";

/** Where a session-using method finds its cookies outside Next.js. */
export interface CookieContext {
  cookies?: CookieJar;
}

/**
 * The caller's jar, or Next.js's request cookies. next/headers is imported
 * lazily so that this module also loads outside Next (tests, scripts) as long
 * as a jar is passed.
 * @throws StepUpError `server_error` when neither is available.
 */
export async function resolveCookieJar(context?: CookieContext): Promise<CookieJar> {
  if (context?.cookies) return context.cookies;
  let store: Awaited<ReturnType<typeof import("next/headers.js").cookies>>;
  try {
    const { cookies } = await import("next/headers.js");
    store = await cookies();
  } catch (cause) {
    // Next signals control flow by throwing (a page read during prerendering
    // must become dynamic, PPR postpones): those errors carry a `digest` and
    // must reach Next untouched, or `next build` fails on any page that reads
    // the session.
    if (isNextControlFlow(cause)) throw cause;
    throw new StepUpError(
      "server_error",
      "No cookie jar: outside a Next.js request, pass { cookies: CookieJar }",
      { cause },
    );
  }
  return {
    get: (name) => store.get(name)?.value,
    getAll: () => store.getAll().map(({ name, value }) => ({ name, value })),
    set: (name, value, options) => writeUnlessReadOnly(() => store.set(name, value, options)),
    delete: (name) => writeUnlessReadOnly(() => store.delete(name)),
  };
}

/**
 * Runs a cookie write, unless the store is read-only: a Server Component's
 * `cookies()` throws on every write. A refresh there has already happened at
 * the issuer and its token is good for this render; a 500 would help nobody.
 * The token set is simply not kept: the next request that can write (a
 * route handler, a server action, or `auth.middleware`/`requireStepUp`,
 * which refresh before the page renders) stores it, and the issuer's reuse
 * interval answers the cookie's refresh token meanwhile.
 */
function writeUnlessReadOnly(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    if (isNextControlFlow(error)) throw error;
  }
}
