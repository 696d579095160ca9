import { StepUpError } from "../../errors/index.js";
import { readCappedBody } from "../../shared/read-capped-body.js";
import { takeRequestBody } from "./known-body.js";

export type Params = Record<string, string | string[]>;

/**
 * Reads a JSON or form body into a record without a prototype, refusing more
 * than `maxBytes` (413), anything that is neither JSON object nor
 * urlencoded form, and NUL characters (400). An empty body is an empty
 * record. Without a prototype, keys such as `__proto__` or `constructor`
 * are plain fields: they neither pollute objects nor read as inherited
 * functions.
 */
export async function readParams(request: Request, maxBytes: number): Promise<Params> {
  // Invalid UTF-8 reads as U+FFFD (then fails validation), as Node's decoder does.
  const bytes = takeRequestBody(request, maxBytes) ?? (await readCappedBody(request, maxBytes));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (text.trim() === "") return Object.create(null) as Params;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return parseJson(text);
  if (type === "application/x-www-form-urlencoded" || type === "") return parseForm(text);
  throw new StepUpError("invalid_request", `Unsupported content type ${type}`);
}

/** Query parameters as a record (repeated names become arrays); NUL characters are refused (400). */
export function queryParams(request: Request): Params {
  return parseForm(new URL(request.url).search.slice(1));
}

function parseJson(text: string): Params {
  // Raw control characters are invalid JSON already; a NUL can only come as an escape.
  if (/\\u0000/i.test(text)) throw nulRefused();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StepUpError("invalid_request", "The body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StepUpError("invalid_request", "The body must be a JSON object");
  }
  // JSON.parse makes `__proto__` an own key; copied onto a null prototype it stays one.
  return Object.assign(Object.create(null) as Params, value);
}

function parseForm(text: string): Params {
  const result = Object.create(null) as Params;
  for (const [key, value] of new URLSearchParams(text)) {
    if (key.includes("\u0000") || value.includes("\u0000")) throw nulRefused();
    const existing = result[key];
    // Appended in place: copying the array at each repeat made a body of one
    // name repeated to the 64 KB cap cost seconds of CPU (quadratic).
    if (existing === undefined) result[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[key] = [existing, value];
  }
  return result;
}

/**
 * PostgreSQL text cannot hold U+0000, so a parameter carrying one could only
 * fail deeper, in the store, as a 500; no parameter of ours may contain it.
 */
function nulRefused(): StepUpError {
  return new StepUpError("invalid_request", "Parameters may not contain NUL characters");
}
