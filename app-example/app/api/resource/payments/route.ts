import { randomUUID } from "node:crypto";
import { StepUpError } from "next-stepup/errors";
import { paymentSchema, type Payment } from "@/lib/payments-api";
import { paymentsGuard } from "@/lib/resource-server/payments-guard";

/**
 * The payment API: a resource server that trusts nothing but the bearer
 * token. It lives in this app for the demo, but the BFF calls it over HTTP
 * exactly as it would call a separate service. `protectApi` answers the
 * RFC 6750 / RFC 9470 challenges (no token, invalid token, missing scope,
 * MFA missing or too old) before the handler runs.
 */
export async function POST(request: Request): Promise<Response> {
  const claims = await paymentsGuard().verify(request);
  if (claims instanceof Response) return claims;

  const parsed = paymentSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    return new StepUpError("invalid_request", `Invalid or missing field: ${field}`).toResponse();
  }

  const payment: Payment = { id: `pay_${randomUUID()}`, ...parsed.data, status: "sent" };
  return Response.json(payment, { status: 200, headers: { "cache-control": "no-store" } });
}
