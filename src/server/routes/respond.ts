import { StepUpError } from "../../errors/index.js";

/** A JSON answer; never cached, since every route answer is per-user (PROTOCOL.md part B). */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/**
 * A redirect (302, or 303 after a form post) with mutable headers (unlike
 * `Response.redirect`), so cookies can be added.
 */
export function redirect(location: string | URL, status: 302 | 303 = 302): Response {
  return new Response(null, {
    status,
    headers: { location: String(location), "cache-control": "no-store" },
  });
}

/** The error's wire answer; anything that is not ours becomes a bare `server_error`, leaking nothing. */
export function errorResponse(error: unknown): Response {
  const coded = error instanceof StepUpError ? error : new StepUpError("server_error");
  return coded.toResponse();
}
