import type { NextRequest } from "next/server";
import { auth } from "@/lib/auth";
import { PAYMENTS_API } from "@/lib/payments-api";

/** Pages that render only after a recent MFA for the payments API (see EXAMPLES.md). */
const STEP_UP_GUARDED = /^\/examples\/proxy-guarded(\/|$)/;

/**
 * Mounts the SDK's `/auth/*` routes (login, callback, logout, profile, mfa/*)
 * and re-seals the session cookie on page requests (rolling expiry).
 */
export function proxy(request: NextRequest) {
  if (STEP_UP_GUARDED.test(request.nextUrl.pathname)) {
    return auth.requireStepUp(request, { ...PAYMENTS_API, stepUpPath: "/step-up" });
  }
  return auth.middleware(request);
}

export const config = {
  // Static assets never need the session. API routes are left out as well:
  // they write the session themselves (a refreshed token set), and a rolling
  // re-seal in the same response would race with that write.
  matcher: [
    "/((?!api/|examples/route-handler/api|_next/static|_next/image|favicon\\.ico|icon\\.svg).*)",
  ],
};
