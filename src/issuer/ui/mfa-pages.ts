import { alertBlock, describedBy, transactionField } from "./form-parts.js";
import { escapeHtml, renderPage } from "./layout.js";

/** How the code field of a factor is presented (numeric keypad, autofill hints). */
export interface CodeInput {
  label: string;
  /** Short instruction shown above the field. */
  hint: string;
  inputmode: "numeric" | "text";
  autocomplete: "one-time-code" | "off";
  maxlength: number;
}

interface StepPage {
  displayName: string;
  /** The issuer's base URL; forms post to paths under it. */
  base: string;
  transaction: string;
  error?: string;
}

/** One entry of the factor picker. */
export interface FactorChoiceView {
  id: string;
  label: string;
  available: boolean;
}

const ERROR_ID = "mfa-error";

function codeField(input: CodeInput, error: string | undefined): string {
  return `<label for="code">${escapeHtml(input.label)}</label>
<input id="code" name="code" type="text" inputmode="${input.inputmode}" autocomplete="${input.autocomplete}" autocapitalize="off" spellcheck="false" maxlength="${input.maxlength}" required autofocus${describedBy(ERROR_ID, error)}>`;
}

function otherMethodsForm(page: StepPage): string {
  return `<form method="post" action="${escapeHtml(page.base)}/login/mfa/choose">
${transactionField(page.transaction)}
<button type="submit" class="secondary">Use another method</button>
</form>`;
}

/**
 * "Send a new code": posts the factor's choice again, which sends a code
 * (a plain form, so it works without JavaScript; the server enforces the wait).
 */
function resendForm(page: StepPage & { authenticatorId: string }, cooldown: number): string {
  return `<form method="post" action="${escapeHtml(page.base)}/login/mfa/choose">
${transactionField(page.transaction)}
<input type="hidden" name="authenticator" value="${escapeHtml(page.authenticatorId)}">
<p>No code? You can ask for a new one ${cooldown} seconds after the last.</p>
<button type="submit" class="secondary">Send a new code</button>
</form>`;
}

/**
 * The challenge of one factor: a plain form (no JavaScript needed) posting the
 * code with the authenticator id, plus "Use another method" when there is one.
 * Email/SMS pages name the masked destination and offer "Send a new code".
 */
export function renderChallengePage(
  page: StepPage & {
    authenticatorId: string;
    heading: string;
    input: CodeInput;
    others: boolean;
    /** The masked address or number the code was sent to. */
    destination?: string;
    /** Seconds between two sends: the page offers "Send a new code". */
    resendCooldown?: number;
  },
): string {
  const sentTo =
    page.destination !== undefined
      ? `<p>We sent a code to <strong>${escapeHtml(page.destination)}</strong>.</p>\n`
      : "";
  const body = `<h1>${escapeHtml(page.heading)}</h1>
${alertBlock(ERROR_ID, page.error)}
${sentTo}<p id="code-hint">${escapeHtml(page.input.hint)}</p>
<form method="post" action="${escapeHtml(page.base)}/login/mfa/verify" novalidate>
${transactionField(page.transaction)}
<input type="hidden" name="authenticator" value="${escapeHtml(page.authenticatorId)}">
${codeField(page.input, page.error)}
<button type="submit">Verify</button>
</form>
${page.resendCooldown !== undefined ? resendForm(page, page.resendCooldown) : ""}
${page.others ? otherMethodsForm(page) : ""}`;
  return renderPage(`Verify it's you – ${escapeHtml(page.displayName)}`, body);
}

/** The factor picker: every confirmed authenticator; those this page cannot run are disabled. */
export function renderPickerPage(page: StepPage & { choices: FactorChoiceView[] }): string {
  const firstAvailable = page.choices.findIndex((choice) => choice.available);
  const options = page.choices
    .map((choice, index) => {
      const id = `factor-${index}`;
      const state = choice.available
        ? index === firstAvailable
          ? " checked autofocus"
          : ""
        : " disabled";
      const note = choice.available ? "" : " (not available here)";
      return `<div class="choice"><input type="radio" id="${id}" name="authenticator" value="${escapeHtml(choice.id)}"${state}>
<label for="${id}">${escapeHtml(choice.label)}${note}</label></div>`;
    })
    .join("\n");
  const body = `<h1>Choose how to verify</h1>
${alertBlock(ERROR_ID, page.error)}
<form method="post" action="${escapeHtml(page.base)}/login/mfa/choose">
${transactionField(page.transaction)}
<fieldset><legend>Your verification methods</legend>
${options}
</fieldset>
<button type="submit">Continue</button>
</form>`;
  return renderPage(`Choose a method – ${escapeHtml(page.displayName)}`, body);
}

/**
 * TOTP enrollment: the QR code (inline SVG, so the strict CSP needs no
 * img-src), the secret as text for manual entry, and the first code.
 */
export function renderEnrollOtpPage(
  page: StepPage & { authenticatorId: string; qrSvg: string; secret: string; input: CodeInput },
): string {
  const grouped = page.secret.replace(/(.{4})/g, "$1 ").trim();
  const body = `<h1>Set up an authenticator app</h1>
${alertBlock(ERROR_ID, page.error)}
<p>This account needs a second step. Scan the QR code with an authenticator app, then enter the 6-digit code it shows.</p>
<figure class="qr" role="img" aria-label="QR code for your authenticator app">${page.qrSvg}</figure>
<p>Cannot scan? Enter this key in the app: <code class="secret">${escapeHtml(grouped)}</code></p>
<form method="post" action="${escapeHtml(page.base)}/login/mfa/verify" novalidate>
${transactionField(page.transaction)}
<input type="hidden" name="authenticator" value="${escapeHtml(page.authenticatorId)}">
${codeField(page.input, page.error)}
<button type="submit">Verify and continue</button>
</form>`;
  return renderPage(`Set up verification – ${escapeHtml(page.displayName)}`, body);
}

/** The new recovery codes, shown once, before returning to the application. */
export function renderRecoveryCodesPage(page: StepPage & { codes: string[] }): string {
  const codes = page.codes.map((code) => `<li><code>${escapeHtml(code)}</code></li>`).join("\n");
  const body = `<h1 id="codes-heading" tabindex="-1" autofocus>Save your recovery codes</h1>
<p>Each code signs you in once if you lose your authenticator app. They are shown only now: store them somewhere safe.</p>
<ul class="codes" aria-labelledby="codes-heading">
${codes}
</ul>
<form method="post" action="${escapeHtml(page.base)}/login/mfa/continue">
${transactionField(page.transaction)}
<button type="submit">I have saved them, continue</button>
</form>`;
  return renderPage(`Recovery codes – ${escapeHtml(page.displayName)}`, body);
}
