import fc from "fast-check";
import { hostileString, jsonValue } from "./arbitraries.js";

/**
 * Values of every parameter name the issuer and the SDK read, by name: the
 * first is the usual one, the fixture's valid value (a `{{placeholder}}`)
 * or, for an answer to a challenge, a well-formed wrong one; the rest are
 * other valid values and near misses of the right shape (a wrong 6-digit
 * code, another client's secret). A request changes only a few fields from
 * their usual value (see fuzz-request.ts), so that it gets past the first
 * checks and the wrong parts land where they matter. A name missing here
 * gets hostile values only: add it when a route learns a new parameter.
 */
/** As a usual value: the field is usually left out (optional, and changes the flow when present). */
export const ABSENT = Symbol("absent");

const KNOWN: Record<string, readonly unknown[]> = {
  // OAuth and the token endpoint.
  client_id: ["{{client_id}}", "{{other_client_id}}", "unknown-client"],
  client_secret: ["{{client_secret}}", "{{other_client_secret}}", "wrong"],
  code: ["{{auth_code}}", "{{mfa_token}}", "bm90LWEtY29kZQ"],
  code_verifier: ["{{code_verifier}}", "a".repeat(43), "too-short", "~".repeat(129)],
  redirect_uri: [
    "{{redirect_uri}}",
    "http://evil.example/auth/callback",
    "{{redirect_uri}}/",
    "{{redirect_uri}}?x=1",
    "http://other.test/cb",
  ],
  refresh_token: ["{{refresh_token}}", "{{access_token}}", "cmVmcmVzaA"],
  audience: [
    "{{audience}}",
    "{{mfa_audience}}",
    "{{admin_audience}}",
    "https://unknown.example/",
    "{{issuer}}/userinfo",
    "{{audience}}/",
  ],
  scope: [
    ABSENT,
    "openid",
    "openid profile email offline_access",
    "payments:write",
    "enroll read:authenticators remove:authenticators",
    "read:users delete:authenticators read:logs",
    "openid bogus",
    "  ",
  ],
  max_age: [ABSENT, "0", "300", "-1", "abc", "1.5", "1e3", "99999999999999999999"],
  mfa_token: [
    "{{mfa_token}}",
    "{{mfa_api_token}}",
    "{{access_token}}",
    "{{admin_token}}",
    "{{id_token}}",
    "bWZhLXRva2Vu",
  ],
  otp: ["000000", "{{otp}}", "123456", "12345", "1234567890", " 123 456 ", "abcdef"],
  oob_code: ["{{oob_code}}", "{{mfa_token}}", "b29iLWNvZGU"],
  binding_code: ["000000", "{{binding_code}}", "123456", "1", "9".repeat(65)],
  recovery_code: [
    "AAAA-BBBB-CCCC-DDDD",
    "{{recovery_code}}",
    "aaaabbbbccccdddd",
    "-",
    "x".repeat(129),
  ],
  webauthn_response: [
    "{}",
    '{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AA","signature":"AA"}}',
    '{"id":"x","type":"public-key","response":{"attestationObject":"AA","clientDataJSON":"e30"}}',
    "not json",
  ],
  // The MFA API.
  challenge_type: ["otp", "oob", "webauthn", "recovery-code", "push", "OTP"],
  authenticator_id: [
    "{{totp_id}}",
    "{{email_id}}",
    "{{victim_totp_id}}",
    "totp|nope",
    "email|",
    "recovery-code|x",
    "webauthn|x",
  ],
  authenticator_types: [
    ["otp"],
    ["oob"],
    "otp",
    "oob",
    ["webauthn"],
    [],
    ["otp", "oob"],
    [1],
    ["recovery-code"],
  ],
  oob_channels: [["email"], ["sms"], "email", "sms", ["email", "sms"], ["push"], []],
  email: [
    "{{email}}",
    "{{victim_email}}",
    "fuzz-new@example.com",
    "not-an-email",
    "a@b",
    "A@EXAMPLE.COM",
  ],
  phone_number: [
    "+15555550100",
    "+15555550101",
    "+1",
    "12345",
    "+1555555010012345678",
    "+0123456789",
  ],
  // Revocation, logout, userinfo.
  token: ["{{access_token}}", "{{refresh_token}}", "{{mfa_token}}", "dG9rZW4"],
  token_type_hint: [ABSENT, "refresh_token", "access_token", "x"],
  id_token_hint: ["{{id_token}}", "{{access_token}}", "a.b.c", "eyJhbGciOiJub25lIn0.e30."],
  post_logout_redirect_uri: [
    "{{post_logout_redirect_uri}}",
    "http://evil.example/",
    "{{redirect_uri}}",
  ],
  state: ["fuzz", "", "a b&c=d"],
  // /authorize.
  response_type: ["code", "token", "code id_token", "none"],
  code_challenge: [
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    "short",
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c+",
  ],
  code_challenge_method: ["S256", "plain", "s256"],
  nonce: ["n", ""],
  prompt: [ABSENT, "none", "login", "consent", "select_account", "none login", "bogus"],
  login_hint: [ABSENT, "{{email}}", "someone@example.com"],
  acr_values: [
    ABSENT,
    "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
    "urn:bogus",
    "a b",
  ],
  screen_hint: [ABSENT, "signup", "login", "bogus"],
  // Hosted pages.
  transaction: ["{{mfa_transaction}}", "{{login_transaction}}", "dHJhbnNhY3Rpb24"],
  password: ["wrong-password", "{{password}}", "short", ""],
  name: ["Fuzz", "", "<b>x</b>"],
  screen: [ABSENT, "login", "signup", "bogus"],
  authenticator: ["{{totp_id}}", "{{email_id}}", "recovery-code", "totp|nope", "webauthn|x", ""],
  // Admin API.
  reason: ["travel", "", " ", "r".repeat(501)],
  limit: ["1", "100", "0", "101", "-5", "abc", ""],
  // Dev outbox.
  to: ["{{email}}", "+15555550100", "nobody@example.com"],
  channel: ["email", "sms", "fax"],
  // SDK routes.
  returnTo: [
    "/dashboard",
    "/",
    "//evil.example/",
    "/.//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
  ],
  popup: [ABSENT, "1", "0", "true"],
  popup_nonce: [ABSENT, "AAAAAAAAAAAAAAAAAAAAAAAA", "short", "A".repeat(129)],
};

/** Field names with special value sets in one route (the hosted MFA page's `code` is a user's code). */
const OVERRIDES: Record<string, readonly unknown[]> = {
  "login.transaction": ["{{login_transaction}}", "{{mfa_transaction}}", "dHJhbnNhY3Rpb24"],
  "signup.transaction": ["{{signup_transaction}}", "{{login_transaction}}", "dHJhbnNhY3Rpb24"],
  "signup.code": ["000000", "{{signup_code}}", "12345", ""],
  "hosted.code": ["000000", "{{otp}}", "123456", "AAAA-BBBB-CCCC-DDDD", "", " "],
};

/** A field's values, split so a request can be mostly usual values with a few others. */
export interface FieldValues {
  /** The usual (valid or well-formed) value, ABSENT when it is usually left out, undefined when the pools know none. */
  usual(name: string): unknown;
  /** Anything else: the other known values, near misses, hostile strings, any JSON. */
  other(name: string): fc.Arbitrary<unknown>;
}

/** The values of fields, with the overrides of `scope` (e.g. "hosted"). */
export function fieldValues(scope?: string): FieldValues {
  const known = (name: string) => (scope && OVERRIDES[`${scope}.${name}`]) || KNOWN[name];
  return {
    usual: (name) => known(name)?.[0],
    other(name) {
      const rest = known(name)?.slice(1) ?? [];
      return fc.oneof(
        ...(rest.length > 0 ? [{ arbitrary: fc.constantFrom(...rest), weight: 4 }] : []),
        { arbitrary: hostileString, weight: 1 },
        { arbitrary: jsonValue([name]), weight: 1 },
      );
    },
  };
}

/** Field names known to the pools (for routes whose fields are not listed). */
export const ALL_FIELDS = Object.keys(KNOWN);
