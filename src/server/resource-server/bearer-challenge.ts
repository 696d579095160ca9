import { StepUpError } from "../../errors/index.js";

/** Why a request was refused (RFC 6750 §3.1, RFC 9470 §3). */
export type BearerProblem =
  | { error: "missing" }
  | { error: "invalid_token"; description: string }
  | { error: "insufficient_scope"; description: string; scope: string }
  | {
      error: "insufficient_user_authentication";
      description: string;
      acrValues?: string;
      maxAge?: number;
    };

/** A quoted-string for an auth-param; our values never carry `"` or `\`, but a config might. */
const quote = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/**
 * The answer for a refused request: a `WWW-Authenticate: Bearer` challenge with
 * the realm, and the error parameters (none when no token was sent, RFC 6750
 * §3.1); 403 for a missing scope, 401 otherwise; JSON body, never cached.
 */
export function bearerChallenge(problem: BearerProblem, realm: string): Response {
  const params = [`realm=${quote(realm)}`];
  if (problem.error === "missing") {
    return new Response(null, {
      status: 401,
      headers: { "www-authenticate": `Bearer ${params[0]}`, "cache-control": "no-store" },
    });
  }
  params.push(`error=${quote(problem.error)}`, `error_description=${quote(problem.description)}`);
  if (problem.error === "insufficient_scope") params.push(`scope=${quote(problem.scope)}`);
  if (problem.error === "insufficient_user_authentication") {
    if (problem.acrValues) params.push(`acr_values=${quote(problem.acrValues)}`);
    if (problem.maxAge !== undefined) params.push(`max_age=${quote(String(problem.maxAge))}`);
  }
  const response = new StepUpError(problem.error, problem.description).toResponse();
  response.headers.set("www-authenticate", `Bearer ${params.join(", ")}`);
  return response;
}
