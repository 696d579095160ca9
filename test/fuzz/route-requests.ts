import fc from "fast-check";
import { hostileString } from "./arbitraries.js";
import { fieldValues } from "./field-values.js";
import {
  anyMethod,
  fuzzBody,
  fuzzHeaders,
  fuzzQuery,
  type FuzzBody,
  type FuzzRequest,
} from "./fuzz-request.js";

/** Which values a path segment `{name}` (or `*`) takes, placeholders allowed, for a read-only method or not. */
export type SegmentValues = (name: string, readOnly: boolean) => readonly string[];

export interface RouteRequestOptions {
  /** Placeholders worth sending as bearer tokens. */
  tokens: readonly string[];
  /** Origin header values worth sending (besides hostile ones). */
  origins: readonly string[];
  /** Cookie pairs worth sending (placeholders). */
  cookies: readonly string[];
  /** The server's cookie names, sent with hostile values too. */
  cookieNames: readonly string[];
  segments: SegmentValues;
  /** The server's body size caps: sizes around them are tried. */
  caps: readonly number[];
  /** Scope of field value overrides (see field-values.ts). */
  scope?: string;
}

/**
 * Requests for `method pattern`: mostly the route's own method (another
 * one time in ten), the fields of one of `fieldSets` in the body or, for a
 * GET route, the query; the content type a client would send three times
 * in four; odd headers.
 */
export function routeRequests(
  method: string,
  pattern: string,
  fieldSets: ReadonlyArray<readonly string[]>,
  options: RouteRequestOptions,
): fc.Arbitrary<FuzzRequest> {
  const values = fieldValues(options.scope);
  const reads = ["GET", "HEAD"].includes(method);
  const methods = fc.oneof(
    { arbitrary: fc.constant(method), weight: 9 },
    { arbitrary: anyMethod, weight: 1 },
  );
  return fc.tuple(methods, fc.constantFrom(...fieldSets)).chain(([chosen, fields]) =>
    fc
      .record({
        path: pathFor(pattern, chosen, options.segments),
        query: fuzzQuery(reads ? fields : [], values),
        headers: fuzzHeaders({
          tokens: options.tokens,
          cookies: options.cookies,
          cookieNames: options.cookieNames,
          origins: options.origins,
        }),
        body: fuzzBody(fields, values, options.caps),
        autoType: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
      })
      .map(({ path, query, headers, body, autoType }): FuzzRequest => ({
        method: chosen,
        path: `${path}${query}`,
        headers: autoType ? withContentType(headers, body) : headers,
        body,
      })),
  );
}

/** The Content-Type a client would send for the body, replacing the generated one. */
function withContentType(
  headers: Array<[string, string]>,
  body: FuzzBody,
): Array<[string, string]> {
  const rest = headers.filter(([name]) => name !== "content-type");
  if (body.kind === "fields") {
    const type =
      body.encoding === "json" ? "application/json" : "application/x-www-form-urlencoded";
    return [...rest, ["content-type", type]];
  }
  if (body.kind === "json" || body.kind === "deep")
    return [...rest, ["content-type", "application/json"]];
  return headers;
}

/** A concrete path for `pattern` (`{name}` segments, or a final `*`). */
function pathFor(pattern: string, method: string, segments: SegmentValues): fc.Arbitrary<string> {
  const readOnly = ["GET", "HEAD"].includes(method.toUpperCase());
  return fc
    .tuple(
      ...pattern
        .split("/")
        .map((part) =>
          part.startsWith("{") || part === "*"
            ? segmentValues(segments(part.replace(/[{}]/g, ""), readOnly))
            : fc.constant(part),
        ),
    )
    .map((parts) => parts.join("/"));
}

function segmentValues(values: readonly string[]): fc.Arbitrary<string> {
  // `{{name}}` percent-encoded, so the placeholder's value goes in percent-encoded (see fill).
  const encoded = (value: string) => value.replace(/[{}|]/g, (c) => encodeURIComponent(c));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...values).map(encoded), weight: 6 },
    {
      arbitrary: fc.constantFrom(
        "%ZZ",
        "..",
        "%2F",
        "a%00b",
        "%E0%A4%A",
        "%F0%9F%98%80",
        "x".repeat(300),
      ),
      weight: 2,
    },
    { arbitrary: hostileString.map(encodeSegment), weight: 1 },
  );
}

/** Percent-encodes a path segment; lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(/\p{Cs}/gu, "\ufffd"));
}
