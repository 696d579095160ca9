import { StepUpError, withStepUp } from "next-stepup/server";
import { fetchPaymentsApi } from "@/lib/call-payments-api";
import { paymentSchema } from "@/lib/payments-api";

/**
 * `POST /examples/route-handler/api` (and the dashboard's `/api/payments`):
 * a backend-for-frontend. It holds no token itself: `auth.fetchWithToken`
 * sends the session's token to the payment API, and withStepUp answers a
 * thrown MfaRequiredError with its 403 JSON (the sealed context, the
 * requirements and the user's authenticators), any other StepUpError with its
 * own status, anything else with a logged, detail-free 500.
 */
export const POST = withStepUp(async (request: Request) => {
  const parsed = paymentSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "body";
    throw new StepUpError("invalid_request", `Invalid or missing field: ${field}`);
  }
  const answer = await fetchPaymentsApi("/api/resource/payments", {
    method: "POST",
    body: JSON.stringify(parsed.data),
  });
  // The API's answer, success or refusal, as the browser's answer.
  return new Response(answer.body, {
    status: answer.status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
});
