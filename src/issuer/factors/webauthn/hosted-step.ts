import { recordEvent } from "../../audit/record-event.js";
import type { HostedStep } from "../factor.js";
import { beginAuthentication, verifyAssertion } from "./authentication.js";
import { transactionBinding } from "./binding.js";
import { claimCeremony, findCeremonyByChallenge } from "./ceremony-store.js";
import { listCredentials, recordAssertion } from "./credential-store.js";
import { renderPasskeyChallengePage, renderPasskeyUnavailablePage } from "./hosted-page.js";
import { PASSKEY_PAGE_SCRIPT_HASH } from "./hosted-script.js";
import { hostedRelyingParty } from "./relying-party.js";
import { parseAuthenticationResponse } from "./response-schema.js";

/**
 * A passkey on the hosted MFA page. Each showing starts an authentication
 * ceremony bound to this sign-in (its transaction), on the issuer's origin,
 * for the chosen passkey; the page's script posts the answer as the form's
 * `code`. `verify` finds the ceremony from the answer's challenge, spends it
 * (single use, whatever the outcome) and checks the assertion as the
 * mfa-webauthn grant does. amr gains "hwk" or "swk".
 */
export const webauthnHostedStep: HostedStep = {
  label: "Passkey",
  heading: "Use your passkey",
  // The answer is written by the page's script, never typed: this describes the hidden field.
  input: {
    label: "Passkey answer",
    hint: "",
    inputmode: "text",
    autocomplete: "off",
    maxlength: 32_768,
  },
  messages: {
    empty: "Use your passkey to continue.",
    refused: "That passkey could not be verified. Try again, or use another method.",
  },
  async renderChallenge(view, context) {
    const party = hostedRelyingParty(context.deps, context.clientId);
    const credential = (await listCredentials(context.db, context.userId)).find(
      (row) => row.id === context.key && row.rp_id === party?.id,
    );
    if (!party || !credential) return { html: renderPasskeyUnavailablePage(view) };
    const started = await beginAuthentication(context.db, {
      userId: context.userId,
      binding: transactionBinding(context.transaction),
      party,
      credentials: [credential],
      credentialKey: credential.id,
      now: context.now,
    });
    return {
      html: renderPasskeyChallengePage(view, started.options),
      scriptHashes: [PASSKEY_PAGE_SCRIPT_HASH],
    };
  },
  async verify(context, answer) {
    let response;
    let challenge: string;
    try {
      response = parseAuthenticationResponse(answer);
      const clientData = JSON.parse(
        Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8"),
      );
      challenge = String(clientData.challenge);
    } catch {
      return undefined;
    }
    const ceremony = await findCeremonyByChallenge(context.db, challenge);
    if (
      !ceremony ||
      ceremony.user_id !== context.userId ||
      ceremony.binding !== transactionBinding(context.transaction) ||
      ceremony.credential_key !== context.key
    ) {
      return undefined;
    }
    if (!(await claimCeremony(context.db, ceremony.code_hash, context.now))) return undefined;
    const outcome = await verifyAssertion(context.deps, context.db, ceremony, response);
    if (!outcome.ok) {
      if (outcome.reason === "counter_regressed") {
        // Inside the step's transaction (PGlite has one connection): the event commits with the spent ceremony.
        await recordEvent(
          { ...context.deps, db: context.db },
          {
            type: "mfa.counter_regressed",
            userId: context.userId,
            authenticatorId: `webauthn|${outcome.credential!.id}`,
            authenticatorType: "webauthn",
            actor: "user",
            clientId: context.clientId,
          },
        );
      }
      return undefined;
    }
    const recorded = await recordAssertion(context.db, outcome.credential.id, {
      counter: outcome.counter,
      backedUp: outcome.backedUp,
      now: context.now,
    });
    return recorded ? [outcome.method] : undefined;
  },
};
