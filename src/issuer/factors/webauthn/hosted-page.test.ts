import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { renderPasskeyChallengePage, renderPasskeyUnavailablePage } from "./hosted-page.js";
import { PASSKEY_PAGE_SCRIPT, PASSKEY_PAGE_SCRIPT_HASH } from "./hosted-script.js";

const view = {
  displayName: "Acme",
  base: "https://id.example.com",
  transaction: "tx-1",
  authenticatorId: "webauthn|k1",
  others: true,
};
const options: PublicKeyCredentialRequestOptionsJSON = {
  challenge: "Y2hhbGxlbmdl",
  rpId: "example.com",
  allowCredentials: [{ id: "Y3JlZA", type: "public-key" }],
  userVerification: "required",
  timeout: 300_000,
};

describe("hosted passkey page", () => {
  it("carries exactly the script whose hash the CSP allows", () => {
    const html = renderPasskeyChallengePage(view, options);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual([PASSKEY_PAGE_SCRIPT]);
    const hash = createHash("sha256").update(PASSKEY_PAGE_SCRIPT).digest("base64");
    expect(PASSKEY_PAGE_SCRIPT_HASH).toBe(`sha256-${hash}`);
  });

  it("keeps the options in a data block that markup cannot break out of", () => {
    const hostile = { ...options, rpId: "</script><script>alert(1)</script>" };
    const html = renderPasskeyChallengePage(view, hostile);
    const block = /<script type="application\/json" id="passkey-options">([^<]*)<\/script>/.exec(
      html,
    );
    expect(JSON.parse(block![1]!).rpId).toBe(hostile.rpId);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("works as far as it can without JavaScript: a notice the script hides, and the other methods", () => {
    const html = renderPasskeyChallengePage(view, options);
    expect(html).toMatch(
      /id="passkey-needs-script">Passkeys need JavaScript[^<]*use another method/,
    );
    expect(PASSKEY_PAGE_SCRIPT).toContain('getElementById("passkey-needs-script").hidden = true');
    expect(html).toMatch(/<button type="button" id="passkey-start" hidden>/);
    expect(html).toContain('action="https://id.example.com/login/mfa/choose"');
    const alone = renderPasskeyChallengePage({ ...view, others: false }, options);
    expect(alone).not.toContain("/login/mfa/choose");
  });

  it("names a passkey of another domain as unusable here, without a script", () => {
    const html = renderPasskeyUnavailablePage(view);
    expect(html).toMatch(/role="alert"/);
    expect(html).not.toMatch(/<script/);
  });
});
