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
 * page (or a test). Like the outbox, it exists only with `devMode`; only
 * the issuer's own pages may post it, so another site cannot approve a push
 * for the developer (see `isSameOrigin`). A form post goes back to the
 * outbox (303); JSON answers `{status}`.
 * @throws not_found (404) without devMode, forbidden_origin (403), invalid_request (400)
 *   no pending push with this id (unknown, answered already, or expired)
 */
export async function handleDevPush(request: Request, deps: IssuerDeps): Promise<Response> {
  if (!deps.devMode) throw new StepUpError("not_found");
  if (!isSameOrigin(request, deps.issuer)) throw new StepUpError("forbidden_origin");
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

/**
 * A browser's request from the issuer's own page. The outbox page, like every
 * hosted page, has `Referrer-Policy: no-referrer`, so Chromium posts its form
 * with `Origin: null`: the Fetch Metadata header `Sec-Fetch-Site`, which every
 * current browser sends and a page cannot forge, decides when present
 * (`same-origin` only: another port of the same host is `same-site`). A
 * client without it (a script, a test) is judged by `Origin`, which must be
 * absent or the issuer's.
 */
function isSameOrigin(request: Request, issuer: string): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("origin");
  return origin === null || origin === new URL(issuer).origin;
}
