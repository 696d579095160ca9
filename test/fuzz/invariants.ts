import { ERROR_STATUS } from "../../src/errors/codes.js";
import type { JournalEntry } from "./store-journal.js";

/**
 * The invariants every fuzzed answer must keep (issue 9 item 10):
 * - never a 5xx;
 * - an error is a coded JSON answer `{error, error_description}` whose code is
 *   in the error table (src/errors/codes.ts) with that code's status; a hosted
 *   page may instead answer its HTML error page with an error status; an
 *   authorization request may answer with an error redirect to the client;
 * - a rejected request leaves the store as it was, but for the attempt
 *   budgets it spends (see BOOKKEEPING). `mfa_required` is no rejection:
 *   it is the step-up signal, and mints the mfa_token it carries.
 */

/** How a route answers errors. */
export type ErrorStyle =
  /** JSON APIs: `{error, error_description}` only. */
  | "json"
  /** Hosted pages: their HTML error page, or JSON from the router and body reader. */
  | "html"
  /** GET /authorize: an HTML page (unknown client or redirect_uri) or an error redirect (RFC 6749 §4.1.2.1). */
  | "authorize"
  /** The SDK's callback: JSON, or in popup mode the page that reports `{error, error_description}` to the opener. */
  | "popup";

/**
 * Codes of an error redirect from /authorize besides the table's: RFC 6749
 * §4.1.2.1 and OpenID Connect Core §3.1.2.6 (prompt=none).
 */
const AUTHORIZE_CODES = new Set([
  ...Object.keys(ERROR_STATUS),
  "unsupported_response_type",
  "server_error",
  "temporarily_unavailable",
  "interaction_required",
  "login_required",
  "account_selection_required",
  "consent_required",
]);

/** Statuses an HTML error page of the hosted flow may carry, and why. */
const HTML_ERROR_STATUS = new Set([
  400, // malformed or expired form
  401, // wrong password or code
  403, // cross-site form post
  409, // sign-up with a taken email
  429, // attempt budget spent
]);

/**
 * What a rejected request may write: the attempt budgets it spends (a wrong
 * answer counts against the user, the email, the mfa_token), the audit
 * events of failed attempts, and the revocation of a refresh family whose
 * replaced token came back. Anything else is a violation.
 */
const BOOKKEEPING: Record<string, (entry: JournalEntry) => boolean> = {
  attempt_buckets: (e) => e.op === "INSERT" || e.op === "UPDATE",
  mfa_tokens: (e) => e.op === "UPDATE" && e.changed.every((c) => c === "failed_attempts"),
  // A sign-up's wrong codes are counted on its pending authorization (an answer budget).
  authorization_requests: (e) => e.op === "UPDATE" && e.changed.every((c) => c === "signup"),
  // A replayed refresh token revokes its family (RFC 9700 §4.14.2): refused, and meant to write.
  refresh_families: (e) => e.op === "UPDATE" && e.changed.every((c) => c === "revoked_at"),
  audit_events: (e) =>
    e.op === "INSERT" && ["mfa.failed", "mfa.locked_out"].includes(String(e.row?.type)),
};

export interface Verdict {
  /** The request was refused (an error answer or an error redirect). */
  rejected: boolean;
  /** The error code, when there is one. */
  code?: string;
  problems: string[];
}

/** Checks one answer; `request` is what was sent (its Origin, for the hosted pages' 403). */
export async function checkAnswer(
  style: ErrorStyle,
  request: { method: string; headers: Headers },
  response: Response,
  options: { origins: { self: string; clients: readonly string[] } },
): Promise<Verdict> {
  const problems: string[] = [];
  const status = response.status;
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  if (status >= 500) problems.push(`answered ${status}: ${text.slice(0, 300)}`);

  if (status >= 300 && status < 400) {
    const location = response.headers.get("location");
    if (!location)
      return { rejected: false, problems: [...problems, `${status} without Location`] };
    let target: URL;
    try {
      target = new URL(location, options.origins.self);
    } catch {
      return { rejected: false, problems: [...problems, `unparseable Location ${location}`] };
    }
    const allowed = [options.origins.self, ...options.origins.clients];
    if (!allowed.includes(target.origin)) {
      problems.push(`redirect off the known origins: ${location}`);
    }
    const code = target.searchParams.get("error");
    if (style === "authorize" && code !== null) {
      if (!AUTHORIZE_CODES.has(code)) problems.push(`error redirect with unknown code ${code}`);
      return { rejected: true, code, problems };
    }
    return { rejected: false, problems };
  }
  if (status < 400) return { rejected: false, problems };

  if (type.startsWith("text/html") && style === "popup") {
    const code = /"ok":false,"error":\{"error":"([^"]*)","error_description":"/.exec(text)?.[1];
    if (!code || !Object.hasOwn(ERROR_STATUS, code)) {
      problems.push(`popup page (${status}) reports no known code: ${text.slice(0, 300)}`);
    } else if (status !== ERROR_STATUS[code as keyof typeof ERROR_STATUS]) {
      problems.push(`popup page reports ${code} with status ${status}`);
    }
    return { rejected: true, ...(code ? { code } : {}), problems };
  }
  if (type.startsWith("text/html")) {
    if (style === "json" || style === "popup")
      problems.push(`HTML error answer (${status}) from a JSON API`);
    if (!HTML_ERROR_STATUS.has(status)) problems.push(`HTML error page with status ${status}`);
    if (!text.includes('role="alert"')) problems.push(`HTML ${status} page names no error`);
    const origin = request.headers.get("origin");
    if (
      status === 403 &&
      (origin === null || origin === "null" || origin === options.origins.self)
    ) {
      problems.push("HTML 403 for a same-origin or origin-less post");
    }
    return { rejected: true, problems };
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      rejected: true,
      problems: [...problems, `${status} answer is not JSON (${type}): ${text.slice(0, 200)}`],
    };
  }
  if (!type.startsWith("application/json")) problems.push(`JSON error with content-type ${type}`);
  const { error, error_description: description } = (body ?? {}) as Record<string, unknown>;
  if (typeof error !== "string" || !Object.hasOwn(ERROR_STATUS, error)) {
    problems.push(`error code ${JSON.stringify(error)} is not in the error table`);
    return { rejected: true, problems };
  }
  if (typeof description !== "string" || description === "") {
    problems.push(`${error} without error_description`);
  }
  const expected = ERROR_STATUS[error as keyof typeof ERROR_STATUS];
  // PROTOCOL.md: a body over the cap is invalid_request with 413.
  const tooLarge = error === "invalid_request" && status === 413;
  if (status !== expected && !tooLarge)
    problems.push(`${error} answered ${status}, not ${expected}`);
  if (error === "too_many_attempts") {
    const retry = Number(response.headers.get("retry-after"));
    if (!(retry > 0)) problems.push("too_many_attempts without Retry-After");
    if (typeof (body as { retry_after?: unknown }).retry_after !== "number") {
      problems.push("too_many_attempts without retry_after");
    }
  }
  if (error === "mfa_required") {
    // Not a refusal but the step-up signal (PROTOCOL.md): it mints an mfa_token by design.
    const signal = body as { mfa_token?: unknown; mfa_requirements?: unknown };
    if (typeof signal.mfa_token !== "string" || typeof signal.mfa_requirements !== "object") {
      problems.push("mfa_required without mfa_token and mfa_requirements");
    }
    return { rejected: false, code: error, problems };
  }
  if (status === 405) {
    const allow = response.headers.get("allow");
    if (!allow) problems.push("405 without Allow");
    else if (allow.split(/,\s*/).includes(request.method)) {
      problems.push(`405 for ${request.method} although Allow lists it`);
    }
  }
  return { rejected: true, code: error, problems };
}

/** The journal entries a rejected request may not have written. */
export function unexpectedWrites(entries: readonly JournalEntry[]): JournalEntry[] {
  return entries.filter((entry) => !BOOKKEEPING[entry.table]?.(entry));
}
