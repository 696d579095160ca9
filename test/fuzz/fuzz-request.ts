import fc from "fast-check";
import { ABSENT, type FieldValues } from "./field-values.js";
import {
  hostileKey,
  hostileString,
  JsonObject,
  jsonValue,
  nonUtf8Bytes,
  toJsonText,
} from "./arbitraries.js";

/**
 * One generated request, as data: printable in a counterexample, turned into
 * a `Request` only when sent (see buildRequest). `{{name}}` placeholders in
 * the path, header values and body fields are fixture values.
 */
export interface FuzzRequest {
  method: string;
  /** Path and query, relative to the target's origin. */
  path: string;
  /** In order; a name may repeat (duplicate headers are joined as fetch joins them). */
  headers: Array<[string, string]>;
  body?: FuzzBody;
}

/** What goes in the body; sizes are given, not materialised, to keep counterexamples short. */
export type FuzzBody =
  | { kind: "fields"; encoding: "json" | "form"; entries: Array<[string, unknown]> }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  /** `size` bytes of `fill`, e.g. just past a body cap. */
  | { kind: "large"; size: number; fill: string }
  /** JSON nested `depth` deep, `[[[…]]]` or `{"a":{"a":…}}`. */
  | { kind: "deep"; depth: number; shape: "array" | "object" }
  /** A stream that sends a few bytes, then fails (a client that went away mid-body). */
  | { kind: "broken-stream"; prefix: string };

/** Values the placeholders stand for, read when a request is built. */
export type Placeholders = (name: string) => string | undefined;

const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;
/** The same in a URL or form, percent-encoded: the value goes in percent-encoded too. */
const ENCODED_PLACEHOLDER = /%7B%7B([a-z_]+)%7D%7D/gi;

/** The placeholder names a request uses (so a fixture mints only those). */
export function placeholdersIn(spec: FuzzRequest): Set<string> {
  const text = JSON.stringify(spec);
  const names = new Set<string>();
  for (const pattern of [PLACEHOLDER, ENCODED_PLACEHOLDER]) {
    for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

/** Replaces every `{{name}}` whose value is known; unknown names stay as written. */
export function fill(text: string, values: Placeholders): string {
  return text
    .replace(PLACEHOLDER, (whole, name: string) => values(name) ?? whole)
    .replace(ENCODED_PLACEHOLDER, (whole, name: string) => {
      const value = values(name);
      return value === undefined ? whole : encodeURIComponent(value);
    });
}

function fillDeep(value: unknown, values: Placeholders): unknown {
  if (typeof value === "string") return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, values));
  if (value instanceof JsonObject) {
    return new JsonObject(value.entries.map(([k, v]) => [k, fillDeep(v, values)]));
  }
  return value;
}

/** The form encoding of field entries: arrays repeat the name, anything else is stringified. */
function formText(entries: Array<[string, unknown]>): string {
  const form = new URLSearchParams();
  for (const [name, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(name, typeof item === "string" ? item : toJsonText(item));
    }
  }
  return form.toString();
}

function bodyInit(body: FuzzBody, values: Placeholders): BodyInit {
  switch (body.kind) {
    case "fields": {
      const entries = body.entries.map(([k, v]): [string, unknown] => [k, fillDeep(v, values)]);
      return body.encoding === "json" ? toJsonText(new JsonObject(entries)) : formText(entries);
    }
    case "json":
      return toJsonText(fillDeep(body.value, values));
    case "text":
      return fill(body.text, values);
    case "bytes":
      return new Uint8Array(body.bytes);
    case "large":
      return body.fill
        .repeat(Math.ceil(body.size / Math.max(1, body.fill.length)))
        .slice(0, body.size);
    case "deep": {
      const [open, close] = body.shape === "array" ? ["[", "]"] : ['{"a":', "}"];
      return `${open.repeat(body.depth)}1${close.repeat(body.depth)}`;
    }
    case "broken-stream": {
      const prefix = new TextEncoder().encode(body.prefix);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(prefix);
          controller.error(new TypeError("the client went away"));
        },
      });
    }
  }
}

/** The `Request` a FuzzRequest stands for, on `origin`. */
export function buildRequest(origin: string, spec: FuzzRequest, values: Placeholders): Request {
  const headers = new Headers();
  for (const [name, value] of spec.headers) headers.append(name, fill(value, values));
  const hasBody = spec.body !== undefined && !["GET", "HEAD"].includes(spec.method.toUpperCase());
  return new Request(new URL(fill(spec.path, values), origin), {
    method: spec.method,
    headers,
    ...(hasBody ? { body: bodyInit(spec.body!, values), duplex: "half" } : {}),
  } as RequestInit);
}

// ── Arbitraries of the parts ────────────────────────────────────────────────

/** Methods the Request API accepts, right and wrong for any route. */
export const anyMethod = fc.constantFrom(
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "get",
  "post",
  "delete",
  "PROPFIND",
  "M-SEARCH",
);

/** Content types, right, wrong and malformed. */
export const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON;charset=latin1",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=utf-8",
  "multipart/form-data; boundary=x",
  "text/plain",
  "text/html",
  "application/xml",
  "application/json, application/x-www-form-urlencoded",
  "application/",
  ";",
  "",
);

/**
 * A body for a route whose known fields are `fields`: mostly those fields
 * (with values from `value`, so that valid ones get past the first
 * validation), with extra and prototype keys, as JSON or a form; else any
 * JSON, broken text, invalid UTF-8, a body past the caps, deep nesting or a
 * failing stream.
 */
export function fuzzBody(
  fields: readonly string[],
  values: FieldValues,
  caps: readonly number[],
): fc.Arbitrary<FuzzBody> {
  const entry: fc.Arbitrary<[string, unknown]> =
    fields.length > 0
      ? fc.oneof(
          {
            arbitrary: fc
              .constantFrom(...fields)
              .chain((name) => values.other(name).map((v): [string, unknown] => [name, v])),
            weight: 6,
          },
          { arbitrary: fc.tuple(hostileKey(fields), jsonValue(fields)), weight: 1 },
        )
      : fc.tuple(hostileKey(fields), jsonValue(fields));
  const knownFields = fc
    .tuple(presentFields(fields, values), fc.array(entry, { maxLength: 2 }))
    .map(([present, extra]) => [...present, ...extra]);
  return fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant("fields" as const),
        encoding: fc.constantFrom("json" as const, "form" as const),
        entries: knownFields,
      }),
      weight: 14,
    },
    {
      arbitrary: fc.record({ kind: fc.constant("json" as const), value: jsonValue(fields) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ kind: fc.constant("text" as const), text: hostileString }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: nonUtf8Bytes }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("large" as const),
        size: fc.constantFrom(...caps.flatMap((cap) => [cap - 1, cap, cap + 1, 4 * cap])),
        fill: fc.constantFrom("a", "%", "{", "a=1&"),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("deep" as const),
        depth: fc.constantFrom(64, 1_000, 20_000),
        shape: fc.constantFrom("array" as const, "object" as const),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant("broken-stream" as const),
        prefix: fc.constantFrom("", "{", "grant_type="),
      }),
      weight: 1,
    },
  );
}

/**
 * The fields with their usual values but for up to three, which get
 * another value or go missing: most requests are one or two mistakes away
 * from a valid one, so they get past the first checks.
 */
function presentFields(
  fields: readonly string[],
  values: FieldValues,
): fc.Arbitrary<Array<[string, unknown]>> {
  const changes = fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.constant(1), weight: 4 },
    { arbitrary: fc.constant(2), weight: 2 },
    { arbitrary: fc.constant(3), weight: 1 },
  );
  return fc
    .tuple(
      changes.chain((count) => {
        const k = Math.min(count, fields.length);
        return fc.shuffledSubarray([...fields], { minLength: k, maxLength: k });
      }),
      fc.tuple(...fields.map((name) => fc.option(values.other(name), { nil: undefined, freq: 4 }))),
    )
    .map(([changed, others]) =>
      fields.flatMap((name, i): Array<[string, unknown]> => {
        const usual = values.usual(name);
        if (usual !== undefined && !changed.includes(name)) {
          return usual === ABSENT ? [] : [[name, usual]];
        }
        return others[i] === undefined ? [] : [[name, others[i]]];
      }),
    );
}

/**
 * A Cookie header: the fixture's cookies (`valid`, whole `name=value`
 * pairs as placeholders, the first the commonest), the server's cookie
 * `names` with hostile values
 * (bad percent-encoding, prototype keys…), junk pairs; several, so a name
 * may repeat.
 */
export function cookieHeader(
  valid: readonly string[],
  names: readonly string[],
): fc.Arbitrary<string> {
  const name = fc.oneof(
    ...(names.length > 0 ? [{ arbitrary: fc.constantFrom(...names), weight: 3 }] : []),
    { arbitrary: hostileKey([]), weight: 1 },
  );
  const pair = fc.oneof(
    ...(valid.length > 0 ? [{ arbitrary: fc.constantFrom(...valid), weight: 4 }] : []),
    { arbitrary: fc.tuple(name, hostileString).map(([n, v]) => `${n}=${v}`), weight: 2 },
    {
      arbitrary: fc
        .tuple(name, fc.constantFrom("%", "%ZZ", "%C0%AF", "%E0%A4%A", "%00", "", "\u00ff"))
        .map(([n, v]) => `${n}=${v}`),
      weight: 2,
    },
    { arbitrary: fc.constantFrom("=", ";;", "noequals", "=novalue"), weight: 1 },
  );
  const mixed = fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => pairs.join("; "));
  if (valid.length === 0) return mixed;
  return fc.oneof(
    { arbitrary: fc.constant(valid[0]!), weight: 3 },
    { arbitrary: fc.constantFrom(...valid), weight: 1 },
    { arbitrary: mixed, weight: 2 },
  );
}

/** Authorization headers of every scheme, with the fixture's tokens among them. */
export function authorizationHeader(tokens: readonly string[]): fc.Arbitrary<string> {
  const token = fc.oneof(
    ...(tokens.length > 0 ? [{ arbitrary: fc.constantFrom(...tokens), weight: 3 }] : []),
    { arbitrary: hostileString, weight: 1 },
    {
      arbitrary: fc.constantFrom("a.b.c", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.e30.", "..."),
      weight: 1,
    },
  );
  return fc.oneof(
    { arbitrary: token.map((t) => `Bearer ${t}`), weight: 4 },
    { arbitrary: token.map((t) => `bearer  ${t}  `), weight: 1 },
    { arbitrary: token.map((t) => `Bearer ${t} ${t}`), weight: 1 },
    {
      arbitrary: fc
        .tuple(hostileString, hostileString)
        .map(([u, p]) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(
        "Basic {{basic_credentials}}",
        "Basic !!!",
        "Basic ",
        "Basic Og==",
        "Basic JTpa",
        "Digest username=x",
        "Bearer",
        "",
      ),
      weight: 2,
    },
  );
}

/** Header values are ByteStrings: keep only what the Headers API takes (no NUL, CR, LF). */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");
}

/**
 * Odd headers of any request: Cookie, Host, Authorization, Origin,
 * Sec-Fetch-Site, Content-Type and lying Content-Length, each present or not,
 * some twice.
 */
export function fuzzHeaders(options: {
  cookies: readonly string[];
  cookieNames: readonly string[];
  tokens: readonly string[];
  origins: readonly string[];
  /** Probability weight of sending the usual Content-Type for the body. */
  contentTypes?: fc.Arbitrary<string>;
}): fc.Arbitrary<Array<[string, string]>> {
  // Absent one time in `freq`.
  const optional = <T>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });
  return fc
    .record({
      // Mostly present where the fixture has cookies: sessions and login transactions live in them.
      cookie: optional(
        fc.array(cookieHeader(options.cookies, options.cookieNames), {
          minLength: 1,
          maxLength: 2,
        }),
        options.cookies.length > 0 ? 6 : 2,
      ),
      host: optional(
        fc.constantFrom("evil.example", "evil.example:99999", "[::1]", "a b", "", "app.test."),
      ),
      authorization: optional(
        fc.array(authorizationHeader(options.tokens), { minLength: 1, maxLength: 2 }),
      ),
      // The first origin (the server's own) most often: a cross-site one ends most requests at once.
      origin: optional(
        fc.oneof(
          { arbitrary: fc.constant(options.origins[0] ?? "null"), weight: 3 },
          fc.constantFrom(...options.origins, "null", "https://evil.example", ""),
        ),
      ),
      secFetchSite: optional(fc.constantFrom("same-origin", "cross-site", "none", "same-site")),
      contentType: optional(options.contentTypes ?? contentType),
      contentLength: optional(fc.constantFrom("0", "1", "-1", "abc", "99999999999", "1e3", " 5")),
      accept: optional(fc.constantFrom("application/json", "text/html", "*/*")),
    })
    .map((h) => {
      const out: Array<[string, string]> = [];
      for (const cookie of h.cookie ?? []) out.push(["cookie", cookie]);
      if (h.host !== undefined) out.push(["host", h.host]);
      for (const auth of h.authorization ?? []) out.push(["authorization", auth]);
      if (h.origin !== undefined) out.push(["origin", h.origin]);
      if (h.secFetchSite !== undefined) out.push(["sec-fetch-site", h.secFetchSite]);
      if (h.contentType !== undefined) out.push(["content-type", h.contentType]);
      if (h.contentLength !== undefined) out.push(["content-length", h.contentLength]);
      if (h.accept !== undefined) out.push(["accept", h.accept]);
      return out.map(([n, v]): [string, string] => [n, headerSafe(v)]);
    });
}

/** A query string of the known parameters (mostly present, values from `value`) and junk. */
export function fuzzQuery(fields: readonly string[], values: FieldValues): fc.Arbitrary<string> {
  const junk = fc.array(fc.tuple(hostileKey(fields), hostileString), { maxLength: 2 });
  return fc.oneof(
    {
      arbitrary: fc.tuple(presentFields(fields, values), junk).map(([present, extra]) => {
        const pairs = [...present.map(([k, v]): [string, string] => [k, asText(v)]), ...extra];
        const query = new URLSearchParams(pairs).toString();
        return query ? `?${query}` : "";
      }),
      weight: 8,
    },
    // Raw, possibly malformed percent-encoding the URL parser keeps as written.
    {
      arbitrary: fc.constantFrom("?%", "?a=%ZZ&%E0=1", "?&&=&", "?a=1&a=2&a=3", "?%00=%00"),
      weight: 1,
    },
  );
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : toJsonText(value);
}
