import { describe, expect, it } from "@jest/globals";
import { findInsufficientUserAuthentication, parseWwwAuthenticate } from "./www-authenticate.js";

describe("parseWwwAuthenticate", () => {
  it.each([
    ["", []],
    ["Bearer", [{ scheme: "Bearer", params: {} }]],
    ['Bearer realm="payments"', [{ scheme: "Bearer", params: { realm: "payments" } }]],
    [
      'Bearer error="invalid_token", error_description="The token expired"',
      [
        {
          scheme: "Bearer",
          params: { error: "invalid_token", error_description: "The token expired" },
        },
      ],
    ],
    // Unquoted token values, bad whitespace around "=", upper-case names.
    [
      "Bearer ERROR = invalid_token ,max_age=300",
      [{ scheme: "Bearer", params: { error: "invalid_token", max_age: "300" } }],
    ],
    // Commas and escaped quotes inside a quoted-string do not split it.
    [
      'Bearer error_description="a, \\"b\\" = c", error="x"',
      [{ scheme: "Bearer", params: { error_description: 'a, "b" = c', error: "x" } }],
    ],
    // Several challenges in one header; token68 credentials.
    [
      'Basic realm="site", Newauth abc==, Bearer error="x"',
      [
        { scheme: "Basic", params: { realm: "site" } },
        { scheme: "Newauth", params: {}, token68: "abc==" },
        { scheme: "Bearer", params: { error: "x" } },
      ],
    ],
    // The first of a repeated parameter wins; empty list elements are skipped.
    ['Bearer , error="a", error="b",,', [{ scheme: "Bearer", params: { error: "a" } }]],
  ])("%j", (header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected);
  });

  it("skips malformed parts and keeps the well-formed challenges", () => {
    const parsed = parseWwwAuthenticate('@@@, Bearer error="x", broken="unterminated');
    expect(parsed).toEqual([{ scheme: "Bearer", params: { error: "x" } }]);
    expect(parseWwwAuthenticate(null)).toEqual([]);
  });
});

describe("findInsufficientUserAuthentication (RFC 9470 §3)", () => {
  it("reads acr_values, max_age and the description", () => {
    expect(
      findInsufficientUserAuthentication(
        'Bearer error="insufficient_user_authentication", error_description="More auth needed", acr_values="urn:mfa  urn:phr", max_age="300"',
      ),
    ).toEqual({ description: "More auth needed", acrValues: ["urn:mfa", "urn:phr"], maxAge: 300 });
  });

  it("finds it after another scheme, with the scheme in any case", () => {
    expect(
      findInsufficientUserAuthentication(
        'DPoP algs="ES256", bearer error="insufficient_user_authentication"',
      ),
    ).toEqual({ acrValues: [] });
  });

  it.each([
    ['Bearer error="invalid_token"'],
    ['Basic error="insufficient_user_authentication"'],
    ['Bearer error_description="insufficient_user_authentication"'],
    [null],
  ])("ignores %j", (header) => {
    expect(findInsufficientUserAuthentication(header)).toBeUndefined();
  });

  it("drops a max_age that is not a whole number of seconds", () => {
    expect(
      findInsufficientUserAuthentication(
        'Bearer error="insufficient_user_authentication", max_age="-5"',
      ),
    ).toEqual({ acrValues: [] });
  });
});
