import { describe, expect, it } from "@jest/globals";
import { renderChallengePage, renderPickerPage, renderRecoveryCodesPage } from "./mfa-pages.js";
import { renderSignupPage } from "./signup-page.js";

const page = { displayName: "Acme <Co>", base: "http://issuer.test", transaction: 'tx"1' };
const input = {
  label: "6-digit code",
  hint: "Enter the code.",
  inputmode: "numeric" as const,
  autocomplete: "one-time-code" as const,
  maxlength: 8,
};

describe("hosted MFA pages", () => {
  it("escape every value they show", () => {
    const html = renderPickerPage({
      ...page,
      choices: [{ id: 'x|"><script>', label: "<script>alert(1)</script>", available: false }],
    });
    expect(html).not.toContain("<script");
    expect(html).toContain('value="tx&quot;1"');
    expect(html).toContain("Acme &lt;Co&gt;");
  });

  it("tie the code field to the error, focus it and announce the error", () => {
    const html = renderChallengePage({
      ...page,
      authenticatorId: "totp|a",
      heading: "Enter your code",
      input,
      others: false,
      error: "That code is not valid.",
    });
    expect(html).toMatch(
      /<p class="error" role="alert" id="mfa-error">That code is not valid\.<\/p>/,
    );
    expect(html).toMatch(
      /<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"[^>]* required autofocus aria-describedby="mfa-error" aria-invalid="true">/,
    );
    expect(html).not.toContain("Use another method");
  });

  it("offer other methods only when there are some", () => {
    const html = renderChallengePage({
      ...page,
      authenticatorId: "totp|a",
      heading: "h",
      input,
      others: true,
    });
    expect(html).toMatch(
      /action="http:\/\/issuer\.test\/login\/mfa\/choose"[\s\S]*Use another method/,
    );
    expect(html).not.toContain('role="alert"');
  });

  it("name an email/SMS destination (escaped) and offer a plain-form resend for that factor", () => {
    const html = renderChallengePage({
      ...page,
      authenticatorId: "email|e1",
      heading: "h",
      input,
      others: false,
      destination: "<j***@example.com>",
      resendCooldown: 30,
    });
    expect(html).toContain("<strong>&lt;j***@example.com&gt;</strong>");
    expect(html).toMatch(
      /<form method="post" action="http:\/\/issuer\.test\/login\/mfa\/choose">[\s\S]*name="authenticator" value="email\|e1"[\s\S]*30 seconds[\s\S]*Send a new code<\/button>/,
    );
    const plain = renderChallengePage({
      ...page,
      authenticatorId: "totp|a",
      heading: "h",
      input,
      others: false,
    });
    expect(plain).not.toContain("Send a new code");
    expect(plain).not.toContain("<strong>");
  });

  it("list the recovery codes and a continue form", () => {
    const html = renderRecoveryCodesPage({ ...page, codes: ["AAA-BBB", "CCC-DDD"] });
    expect(html.match(/<li><code>/g)).toHaveLength(2);
    expect(html).toContain('action="http://issuer.test/login/mfa/continue"');
  });

  it("focus the sign-up field in error", () => {
    const html = renderSignupPage({ ...page, error: "Too short", errorField: "password" });
    expect(html).toMatch(/id="email"(?![^>]*autofocus)[^>]*>/);
    expect(html).toMatch(
      /id="password"[^>]*autofocus aria-describedby="signup-error password-hint" aria-invalid="true"/,
    );
  });
});
