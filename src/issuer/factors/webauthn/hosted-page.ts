import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { HostedChallengeView } from "../factor.js";
import { alertBlock, transactionField } from "../../ui/form-parts.js";
import { escapeHtml, renderPage } from "../../ui/layout.js";
import { PASSKEY_PAGE_SCRIPT } from "./hosted-script.js";

const ERROR_ID = "mfa-error";

function otherMethodsForm(view: HostedChallengeView): string {
  return `<form method="post" action="${escapeHtml(view.base)}/login/mfa/choose">
${transactionField(view.transaction)}
<button type="submit" class="secondary">Use another method</button>
</form>`;
}

/**
 * The passkey challenge of the hosted MFA page. The options travel in a JSON
 * data block (never executed, so the CSP's script-src does not apply; `<` is
 * escaped so it cannot end the block). The page says a passkey needs
 * JavaScript and offers the user's other methods (plain forms); the script
 * hides that notice and shows the button. A plain element rather than
 * <noscript>: it also shows when the script is blocked, not only switched off.
 */
export function renderPasskeyChallengePage(
  view: HostedChallengeView,
  options: PublicKeyCredentialRequestOptionsJSON,
): string {
  const data = JSON.stringify(options).replace(/</g, "\\u003c");
  const body = `<h1>Use your passkey</h1>
${alertBlock(ERROR_ID, view.error)}
<p>Confirm it's you with the passkey on this device, your phone or your security key.</p>
<p class="error" id="passkey-needs-script">Passkeys need JavaScript, which is off or blocked in this browser. Turn it on and reload this page${view.others ? ", or use another method" : ""}.</p>
<form id="passkey-form" method="post" action="${escapeHtml(view.base)}/login/mfa/verify">
${transactionField(view.transaction)}
<input type="hidden" name="authenticator" value="${escapeHtml(view.authenticatorId)}">
<input type="hidden" name="code" value="">
<button type="button" id="passkey-start" hidden>Use passkey</button>
</form>
<p id="passkey-status" role="status" aria-live="polite"></p>
${view.others ? otherMethodsForm(view) : ""}
<script type="application/json" id="passkey-options">${data}</script>
<script>${PASSKEY_PAGE_SCRIPT}</script>`;
  return renderPage(`Verify it's you – ${escapeHtml(view.displayName)}`, body);
}

/** A passkey of this user that the hosted page cannot use (its RP ID is not the issuer's domain). */
export function renderPasskeyUnavailablePage(view: HostedChallengeView): string {
  const body = `<h1>Use your passkey</h1>
<p class="error" role="alert">Your passkey belongs to the application's website and cannot be used on this sign-in page.${view.others ? " Use another method." : ""}</p>
${view.others ? otherMethodsForm(view) : ""}`;
  return renderPage(`Verify it's you – ${escapeHtml(view.displayName)}`, body);
}
