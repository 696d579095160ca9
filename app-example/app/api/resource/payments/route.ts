import { randomUUID } from "node:crypto";
import { StepUpError } from "next-stepup/errors";
import { paymentSchema, PAYMENTS_API, type Payment } from "../../../../lib/payments-api";
import {
  bearerChallenge,
  verifyAccessToken,
} from "../../../../lib/resource-server/verify-access-token";

/**
 * The payment API: a resource server that trusts nothing but the bearer
 * token. It lives in this app for the demo, but the BFF calls it over HTTP
 * exactly as it would call a separate service.
 */
export async function POST(request: Request): Promise<Response> {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) {
    // RFC 6750 §3.1: no credentials at all gets a bare challenge, no error code.
    return new Response(null, {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="payments"', "cache-control": "no-store" },
    });
  }
  const verified = await verifyAccessToken(match[1], {
    audience: PAYMENTS_API.audience,
    scope: PAYMENTS_API.scope,
    maxAge: PAYMENTS_API.maxAge,
  });
  if (!verified.ok) return bearerChallenge(verified.problem);

  const parsed = paymentSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    return new StepUpError("invalid_request", `Invalid or missing field: ${field}`).toResponse();
  }

  const payment: Payment = { id: `pay_${randomUUID()}`, ...parsed.data, status: "sent" };
  return Response.json(payment, { status: 200, headers: { "cache-control": "no-store" } });
}
