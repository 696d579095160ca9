"use server";

import { StepUpError, withStepUpAction } from "next-stepup/server";
import { callPaymentsApi } from "@/lib/call-payments-api";
import { paymentSchema, type Payment } from "@/lib/payments-api";

/**
 * Sends a payment. withStepUpAction returns `{ ok: true, data }` or
 * `{ ok: false, error }` instead of throwing: a production build would strip
 * a thrown MfaRequiredError down to a bare digest before it reached the browser.
 */
export const sendPayment = withStepUpAction(async (input: unknown): Promise<Payment> => {
  // An action is a public endpoint: its argument is untrusted input.
  const parsed = paymentSchema.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    throw new StepUpError("invalid_request", `Invalid or missing field: ${field}`);
  }
  return callPaymentsApi<Payment>("/api/resource/payments", {
    method: "POST",
    body: JSON.stringify(parsed.data),
  });
});
