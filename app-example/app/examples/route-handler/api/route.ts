import { StepUpError, withStepUp } from "next-stepup/server";
import { callPaymentsApi } from "../../../../lib/call-payments-api";
import { paymentSchema, type Payment } from "../../../../lib/payments-api";

/**
 * `POST /examples/route-handler/api`: sends a payment. No try/catch here:
 * withStepUp answers a thrown MfaRequiredError with its 403 JSON (the sealed
 * context and requirements), any other StepUpError with its own status, and
 * anything else with a logged, detail-free 500.
 */
export const POST = withStepUp(async (request: Request) => {
  const parsed = paymentSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    throw new StepUpError("invalid_request", `Invalid or missing field: ${field}`);
  }
  const payment = await callPaymentsApi<Payment>("/api/resource/payments", {
    method: "POST",
    body: JSON.stringify(parsed.data),
  });
  return Response.json(payment, { headers: { "cache-control": "no-store" } });
});
