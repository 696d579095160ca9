import { z } from "zod";
import { StepUpError } from "../../errors/index.js";

/**
 * Parses `input` with `schema` or throws 400 invalid_request naming the first
 * bad field, so nothing unvalidated reaches a handler's core.
 */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "body";
  const missing = issue !== undefined && valueAt(input, issue.path) === undefined;
  throw new StepUpError(
    "invalid_request",
    missing ? `Missing parameter: ${field}` : `Invalid parameter: ${field}`,
  );
}

/** A single string parameter (a repeated form field is malformed, RFC 6749 §3.1). */
export const param = z.string().min(1).max(4096);
/** A string parameter that may be omitted (an empty string counts as omitted). */
export const optionalParam = z.preprocess(
  (value) => (value === "" ? undefined : value),
  param.optional(),
);

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
