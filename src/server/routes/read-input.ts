import type { z } from "zod";
import { StepUpError } from "../../errors/index.js";
import { readCappedBody } from "../../shared/read-capped-body.js";

/** JSON bodies of the MFA routes are tiny; anything larger is refused while it streams in. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Parses a JSON body with `schema`.
 * @throws StepUpError `invalid_request` naming the first bad field, or 413 for a large body.
 */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new StepUpError("invalid_request", "The request body is not valid JSON");
  }
  return parseWith(schema, body);
}

/**
 * The body as text, read with a streaming size cap (readCappedBody).
 * @throws StepUpError `invalid_request` (413) when too large, (400) when not UTF-8.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readCappedBody(request, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new StepUpError("invalid_request", "The request body is not UTF-8", { cause });
  }
}

/** `schema.parse` with a zod failure turned into `invalid_request` naming the field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : "body";
  throw new StepUpError("invalid_request", `Invalid "${field}": ${issue?.message ?? "invalid"}`);
}

/**
 * The sealed MFA context from `Authorization: Bearer …` (PROTOCOL.md part B);
 * headers, not URLs, so it never lands in logs or history.
 * @throws StepUpError `invalid_request` when missing.
 */
export function readBearer(request: Request): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) {
    throw new StepUpError("invalid_request", 'Missing "authorization": Bearer <mfa_token>');
  }
  return match[1];
}

/**
 * The sealed context when an `Authorization` header is sent, else undefined:
 * the routes that also act on the session alone (security settings).
 * @throws StepUpError `invalid_request` for a header that is not `Bearer <token>`.
 */
export function readOptionalBearer(request: Request): string | undefined {
  return request.headers.has("authorization") ? readBearer(request) : undefined;
}
