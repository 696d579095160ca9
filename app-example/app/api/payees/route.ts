import { randomUUID } from "node:crypto";
import { StepUpError, withStepUp } from "next-stepup/server";
import { auth } from "@/lib/auth";
import { PAYEES_API, payeeSchema } from "@/lib/payees-api";

/**
 * `POST /api/payees`: changes the payee. The token for the payee API is
 * the proof: `getAccessToken` throws MfaRequiredError until the session has
 * a passkey MFA of the last 5 minutes (the issuer offers only a passkey or a
 * recovery code for this audience), and withStepUp answers it as the 403 the
 * browser's `useStepUp().fetch` turns into the step-up dialog. A real app
 * would send the change to the payee service with that token.
 */
export const POST = withStepUp(async (request: Request) => {
  const parsed = payeeSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    throw new StepUpError("invalid_request", `Invalid or missing field: ${field}`);
  }
  await auth.getAccessToken({ audience: PAYEES_API.audience, scope: PAYEES_API.scope });
  const account = parsed.data.account.replace(/\s+/g, "");
  return Response.json(
    { id: `payee_${randomUUID()}`, name: parsed.data.name, account: `…${account.slice(-4)}` },
    { headers: { "cache-control": "no-store" } },
  );
});
