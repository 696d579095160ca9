import { describe, expect, it } from "@jest/globals";
import { issuerConfigSchema } from "./options.js";

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
