import { describe, expect, it } from "@jest/globals";
import { issuerConfigSchema } from "./options-schema.js";

const base = {
  issuer: "http://127.0.0.1:4000",
  secret: "x".repeat(32),
  clients: [
    { clientId: "app", clientSecret: "s".repeat(16), redirectUris: ["http://app.test/cb"] },
  ],
};

describe("issuer config: devMode and delivery", () => {
  it.each([
    [{ devMode: true }],
    [{ delivery: { email: { type: "outbox" }, sms: { type: "outbox" } } }],
    [{ delivery: { email: { type: "smtp", url: "smtps://u:p@mail.test", from: "a@b.test" } } }],
    [
      {
        delivery: {
          email: {
            type: "smtp",
            host: "mail.test",
            port: 587,
            secure: false,
            auth: { user: "u", pass: "p" },
            from: "Issuer <no-reply@b.test>",
          },
        },
      },
    ],
    [
      {
        delivery: {
          sms: { type: "webhook", url: "https://sms.test/send", headers: { authorization: "k" } },
        },
      },
    ],
  ])("accepts %j", (extra) => {
    expect(issuerConfigSchema.safeParse({ ...base, ...extra }).success).toBe(true);
  });

  it.each([
    [{ devMode: "yes" }],
    [{ delivery: { email: { type: "carrier-pigeon" } } }],
    [{ delivery: { email: { type: "smtp", host: "mail.test" } } }], // no from
    [{ delivery: { email: { type: "smtp", from: "a@b.test" } } }], // neither url nor host
    [
      {
        delivery: {
          email: { type: "smtp", url: "smtp://m.test", host: "m.test", from: "a@b.test" },
        },
      },
    ],
    [{ delivery: { email: { type: "smtp", url: "http://m.test", from: "a@b.test" } } }],
    [{ delivery: { email: { type: "smtp", host: "m.test", port: 70000, from: "a@b.test" } } }],
    [{ delivery: { sms: { type: "webhook", url: "ftp://sms.test" } } }],
    [{ delivery: { sms: { type: "webhook", url: "https://sms.test", timeoutMs: -1 } } }],
  ])("refuses %j", (extra) => {
    expect(issuerConfigSchema.safeParse({ ...base, ...extra }).success).toBe(false);
  });
});

describe("issuer config: mfaFactorCount", () => {
  const api = (extra: Record<string, unknown>) => ({ apis: [{ audience: "https://a", ...extra }] });
  it.each([
    [api({ requireMfa: true, mfaFactorCount: 2 })],
    [api({ requireMfa: true, mfaFactorCount: 1 })],
    [api({ mfaFactorCount: 1 })],
    [api({ requireMfa: true, mfaFactorCount: 2, factors: ["otp", "email", "recovery-code"] })],
  ])("accepts %j", (extra) => {
    expect(issuerConfigSchema.safeParse({ ...base, ...extra }).success).toBe(true);
  });

  it.each([
    [api({ requireMfa: true, mfaFactorCount: 3 }), "mfaFactorCount"],
    [api({ mfaFactorCount: 2 }), "mfaFactorCount"],
    [api({ requireMfa: true, mfaFactorCount: 2, factors: ["otp", "recovery-code"] }), "factors"],
  ])("refuses %j naming the field", (extra, field) => {
    const result = issuerConfigSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["apis", 0, field]);
  });
});

describe("issuer config: webauthn", () => {
  it.each([
    [{}],
    [{ rpId: "example.com", origins: ["https://example.com", "https://id.example.com"] }],
    [{ rpId: "localhost", origins: ["http://localhost:3010"] }],
    [{ rpName: "Acme", userVerification: "preferred" }],
  ])("accepts %j", (webauthn) => {
    expect(issuerConfigSchema.safeParse({ ...base, webauthn }).success).toBe(true);
  });

  it.each([
    [{ rpId: "https://example.com" }],
    [{ rpId: "example.com:443" }],
    [{ rpId: "127.0.0.1" }],
    [{ rpId: "Example.com" }],
    [{ origins: ["https://example.com/path"] }],
    [{ rpId: "example.com", origins: ["https://example.org"] }],
    [{ rpId: "example.com", origins: ["https://notexample.com"] }],
    [{ userVerification: "always" }],
  ])("refuses %j", (webauthn) => {
    expect(issuerConfigSchema.safeParse({ ...base, webauthn }).success).toBe(false);
  });
});

describe("issuer config: test-only knobs", () => {
  it.each([
    [{ devMode: true, insecureFastPasswordHashing: true }],
    [{ insecureFastPasswordHashing: false }],
    [{ oobResendCooldownSeconds: 1 }],
    [{ oobResendCooldownSeconds: 3600 }],
  ])("accepts %j", (extra) => {
    expect(issuerConfigSchema.safeParse({ ...base, ...extra }).success).toBe(true);
  });

  it.each([
    [{ insecureFastPasswordHashing: true }, "insecureFastPasswordHashing"],
    [{ devMode: false, insecureFastPasswordHashing: true }, "insecureFastPasswordHashing"],
    [{ devMode: true, insecureFastPasswordHashing: "yes" }, "insecureFastPasswordHashing"],
    [{ oobResendCooldownSeconds: 0 }, "oobResendCooldownSeconds"],
    [{ oobResendCooldownSeconds: 1.5 }, "oobResendCooldownSeconds"],
    [{ oobResendCooldownSeconds: 3601 }, "oobResendCooldownSeconds"],
  ])("refuses %j naming the field", (extra, field) => {
    const result = issuerConfigSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});

describe("issuer config: accessTokenSigningAlg", () => {
  it.each([["ES256"], ["RS256"]])("accepts %s", (alg) => {
    expect(issuerConfigSchema.safeParse({ ...base, accessTokenSigningAlg: alg }).success).toBe(
      true,
    );
  });

  it.each([["none"], ["HS256"], ["es256"], [""], [256], [null], [["ES256"]]])(
    "refuses %j",
    (alg) => {
      expect(issuerConfigSchema.safeParse({ ...base, accessTokenSigningAlg: alg }).success).toBe(
        false,
      );
    },
  );
});
