import "server-only";
import { errorFromResponse, StepUpError } from "next-stepup/errors";
import { auth } from "@/lib/auth";
import { PAYMENTS_API } from "@/lib/payments-api";

/**
 * Calls the payments API (a resource server) with the session's token for its
 * audience. `auth.fetchWithToken` does the RFC 9470 retry: on a 401
 * `insufficient_user_authentication` it refreshes, and the issuer answers
 * `mfa_required` (thrown as MfaRequiredError) when a step-up is due.
 * A real deployment would call the API's own origin; the demo API is a route
 * of this app.
 */
export function fetchPaymentsApi(path: string, init: RequestInit = {}): Promise<Response> {
  return auth.fetchWithToken(new URL(path, process.env.APP_BASE_URL), {
    ...init,
    audience: PAYMENTS_API.audience,
    scope: PAYMENTS_API.scope,
    headers: init.body ? { "content-type": "application/json" } : {},
    cache: "no-store",
  });
}

/**
 * `fetchPaymentsApi`, answered as JSON: for the server action and the
 * proxy-guarded page, which need the value rather than the response.
 * @throws MfaRequiredError, or the API's own error as a StepUpError.
 */
export async function callPaymentsApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const answer = await fetchPaymentsApi(path, init);
  if (!answer.ok) throw await errorFromResponse(answer);
  const body: unknown = await answer.json().catch(() => undefined);
  if (body === undefined) throw new StepUpError("invalid_response");
  return body as T;
}
