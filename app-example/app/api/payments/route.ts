import { StepUpError } from "next-stepup/errors";
import { auth } from "../../../lib/auth";
import { paymentSchema, PAYMENTS_API, type PaymentInput } from "../../../lib/payments-api";

/**
 * The browser's payment endpoint, a backend-for-frontend: it holds no token
 * itself, asks the SDK for one for the payment API, and forwards the call.
 * When the API needs a step-up, the SDK throws MfaRequiredError and this route
 * answers its 403 JSON (`mfa_token` is the sealed context the browser hands
 * to the `mfa` API).
 */
export async function POST(request: Request): Promise<Response> {
  const parsed = paymentSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    return new StepUpError("invalid_request", `Invalid or missing field: ${field}`).toResponse();
  }
  try {
    let answer = await callPaymentsApi(request, parsed.data, false);
    // RFC 9470: the API wants a stronger or fresher authentication than the
    // cached token shows. A forced refresh lets the issuer decide; it answers
    // mfa_required when a step-up is due, which the catch below turns into a 403.
    if (answer.status === 401 && isInsufficientUserAuthentication(answer)) {
      answer = await callPaymentsApi(request, parsed.data, true);
    }
    return new Response(answer.body, {
      status: answer.status,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  } catch (error) {
    // MfaRequiredError (a StepUpError) answers 403 with the sealed context;
    // any other coded error answers its own status and code.
    if (error instanceof StepUpError) return error.toResponse();
    throw error;
  }
}

async function callPaymentsApi(
  request: Request,
  payment: PaymentInput,
  refresh: boolean,
): Promise<Response> {
  const { token } = await auth.getAccessToken({
    audience: PAYMENTS_API.audience,
    scope: PAYMENTS_API.scope,
    ...(refresh ? { refresh: true } : {}),
  });
  // A real deployment would call the API's own origin; the demo API is a route of this app.
  return fetch(new URL("/api/resource/payments", request.url), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(payment),
    cache: "no-store",
  });
}

function isInsufficientUserAuthentication(response: Response): boolean {
  return /error="insufficient_user_authentication"/.test(
    response.headers.get("www-authenticate") ?? "",
  );
}
