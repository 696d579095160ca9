import { errorFromBody, StepUpError } from "next-stepup/errors";
import { auth } from "./auth";
import { PAYMENTS_API } from "./payments-api";

/**
 * Server-side call to the payments API (a resource server) with the session's
 * token for its audience. The examples' route handler, server action and
 * proxy-guarded page share it. The SDK throws MfaRequiredError when the issuer
 * wants a step-up; the surface around this call decides how that reaches the
 * browser (403 JSON, action result, redirect).
 * @throws MfaRequiredError, or the API's own error as a StepUpError.
 */
export async function callPaymentsApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  let answer = await send(path, init, false);
  // RFC 9470: the API wants a fresher authentication than the cached token
  // shows. A forced refresh lets the issuer decide: it answers mfa_required
  // (thrown by getAccessToken) when a step-up is due.
  if (answer.status === 401 && isInsufficientUserAuthentication(answer)) {
    answer = await send(path, init, true);
  }
  const body: unknown = await answer.json().catch(() => undefined);
  if (!answer.ok) {
    throw errorFromBody(body, {
      status: answer.status,
      retryAfterHeader: answer.headers.get("retry-after"),
    });
  }
  if (body === undefined) throw new StepUpError("invalid_response");
  return body as T;
}

async function send(path: string, init: RequestInit, refresh: boolean): Promise<Response> {
  const { token } = await auth.getAccessToken({
    audience: PAYMENTS_API.audience,
    scope: PAYMENTS_API.scope,
    ...(refresh ? { refresh: true } : {}),
  });
  // A real deployment would call the API's own origin; the demo API is a route of this app.
  return fetch(new URL(path, process.env.APP_BASE_URL), {
    ...init,
    headers: {
      ...(init.body ? { "content-type": "application/json" } : {}),
      authorization: `Bearer ${token}`,
    },
    cache: "no-store",
  });
}

function isInsufficientUserAuthentication(response: Response): boolean {
  return /error="insufficient_user_authentication"/.test(
    response.headers.get("www-authenticate") ?? "",
  );
}
