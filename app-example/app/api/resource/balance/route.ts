import { paymentsGuard } from "@/lib/resource-server/payments-guard";
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
  // Same audience, scope and MFA freshness as sending a payment.
  const claims = await paymentsGuard().verify(request);
  if (claims instanceof Response) return claims;
  return Response.json(
    { currency: "EUR", available: demoBalance(String(claims.sub)) },
    { headers: { "cache-control": "no-store" } },
  );
}
