import { PAYMENTS_API } from "../../../../lib/payments-api";
import {
  bearerChallenge,
  verifyAccessToken,
} from "../../../../lib/resource-server/verify-access-token";

/** The account balance a token of this user may see (a demo value, stable per user). */
function demoBalance(sub: string): number {
  let hash = 0;
  for (const char of sub) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return 1_000 + (hash % 9_000) + 0.5;
}

/**
 * `GET /api/resource/balance`: the payment API's account balance. Seeing it
 * needs the same recent MFA as sending a payment (the proxy-guarded example).
 */
export async function GET(request: Request): Promise<Response> {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) {
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
  const sub = String(verified.claims.sub);
  return Response.json(
    { currency: "EUR", available: demoBalance(sub) },
    { headers: { "cache-control": "no-store" } },
  );
}
