import { MFA_ACR, protectApi, type ApiGuard } from "next-stepup/server";
import { PAYMENTS_API } from "@/lib/payments-api";

let guard: ApiGuard | undefined;

/**
 * The payment API's token check: a JWT from the issuer (its JWKS), for the
 * payments audience, with `payments:write`, after an MFA at most
 * `PAYMENTS_API.maxAge` seconds ago (RFC 9470). Built on first use, because
 * `next build` loads route modules without the runtime environment.
 */
export function paymentsGuard(): ApiGuard {
  guard ??= protectApi({
    issuer: process.env.STEPUP_ISSUER_BASE_URL ?? "",
    audience: PAYMENTS_API.audience,
    scopes: [PAYMENTS_API.scope],
    acr: MFA_ACR,
    maxAge: PAYMENTS_API.maxAge,
    realm: "payments",
  });
  return guard;
}
