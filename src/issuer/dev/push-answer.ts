import { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { LIMITS, type IssuerDeps } from "../deps.js";
import { answerPushRequest } from "../factors/push/store.js";
import { readParams } from "../http/body.js";
import { jsonResponse } from "../http/respond.js";
import { param, parseWith } from "../http/validate.js";

const schema = z.object({
  request: param,
  answer: z.enum(["approve", "deny"]),
});

/**
 * POST /dev/push `{request, answer: approve|deny}`: the device's answer to a
 * pending push of the development push factor, given from the dev outbox
 * page (or a test). Like the outbox, it exists only with `devMode`; a
 * cross-site Origin is refused, so another site cannot approve a push for
 * the developer. A form post goes back to the outbox (303); JSON answers
 * `{status}`.
 * @throws not_found (404) without devMode, forbidden_origin (403), invalid_request (400)
 *   no pending push with this id (unknown, answered already, or expired)
 */
export async function handleDevPush(request: Request, deps: IssuerDeps): Promise<Response> {
  if (!deps.devMode) throw new StepUpError("not_found");
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(deps.issuer).origin) {
    throw new StepUpError("forbidden_origin");
  }
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    throw new StepUpError("forbidden_origin");
  }
  const input = parseWith(schema, await readParams(request, LIMITS.maxBodyBytes));
  const status = input.answer === "approve" ? "approved" : "denied";
  if (!(await answerPushRequest(deps.db, input.request, status, deps.clock()))) {
    throw new StepUpError("invalid_request", "No pending push with this id");
  }
  if (/\bapplication\/json\b/i.test(request.headers.get("accept") ?? "")) {
    return jsonResponse({ status });
  }
  return new Response(null, {
    status: 303,
    headers: { location: `${deps.issuer}/dev/outbox`, "cache-control": "no-store" },
  });
}
