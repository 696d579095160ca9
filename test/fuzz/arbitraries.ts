import fc from "fast-check";

/**
 * Hostile values, shared by every fuzz target. Fixture values (a live
 * mfa_token, the signed-in session's cookie…) appear as `{{name}}`
 * placeholders, replaced when the request is sent: a counterexample prints
 * what was sent by role, and credentials that the fixture re-mints between
 * runs stay valid.
 */

/** Object keys that pollute or shadow prototypes when a parser assigns them naively. */
export const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "then",
] as const;

/** Strings that parsers, decoders and validators tend to mishandle. */
const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "\u0000",
  "a\u0000b",
  "%",
  "%ZZ",
  "%00",
  "%C0%AF",
  "%E0%A4%A",
  "../../etc/passwd",
  "..%2F..%2F",
  "null",
  "undefined",
  "true",
  "NaN",
  "-1",
  "0",
  "1e309",
  "0x7fffffff",
  "9".repeat(40),
  "[]",
  "{}",
  '{"a":',
  "\\",
  '"',
  "'",
  "<script>alert(1)</script>",
  "${7*7}",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u2066",
  "\ufeff",
  "😀".repeat(10),
  "é",
  "a;b=c",
  "a,b",
  "Bearer",
  // Past the 4096 characters a parameter may have (body caps are tried by "large" bodies).
  "x".repeat(4097),
  ...PROTOTYPE_KEYS,
];

/** Any string: random text of every kind, or one of the usual troublemakers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }), weight: 1 },
);

/** A key of a JSON object or form: a known field name, a prototype key, or anything. */
export function hostileKey(fields: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    ...(fields.length > 0 ? [{ arbitrary: fc.constantFrom(...fields), weight: 4 }] : []),
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 2 },
    { arbitrary: hostileString, weight: 1 },
  );
}

/**
 * Any JSON value, nested (fc.letrec), with hostile keys and strings. Numbers
 * include the extremes JSON can carry.
 */
export function jsonValue(fields: readonly string[] = []): fc.Arbitrary<unknown> {
  const key = hostileKey(fields);
  return fc.letrec<{ value: unknown; leaf: unknown; node: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("node")),
    leaf: fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1.5, -1),
      hostileString,
    ),
    node: fc.oneof(
      fc.array(tie("value"), { maxLength: 4 }),
      fc
        .array(fc.tuple(key, tie("value")), { maxLength: 4 })
        .map((entries) => new JsonObject(entries)),
    ),
  })).value;
}

/**
 * A JSON object as its entries, so that duplicate keys and `__proto__` reach
 * the wire as written (an object literal or JSON.stringify would drop or
 * swallow them).
 */
export class JsonObject {
  constructor(readonly entries: Array<[string, unknown]>) {}
  /** How fast-check prints it in a counterexample. */
  [fc.toStringMethod](): string {
    return toJsonText(this);
  }
}

/** JSON text for a value that may hold JsonObjects (keys kept in order, duplicates kept). */
export function toJsonText(value: unknown): string {
  if (value instanceof JsonObject) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  return JSON.stringify(value) ?? "null";
}

/** Invalid UTF-8: stray continuation bytes, overlong forms, surrogates, truncations, BOMs. */
export const nonUtf8Bytes: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom<number[]>(
    [0xff],
    [0xc0, 0x80],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0x80, 0x80, 0x80],
    [0xfe, 0xff, 0x00, 0x7b],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d],
  ),
  fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 16 }),
);
