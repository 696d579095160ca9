import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";
import { recordEvent } from "../../audit/record-event.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { Params } from "../../http/body.js";
import { parseWith, param } from "../../http/validate.js";
import { WrongAnswer, withAnswerBudget } from "../../mfa/answer-budget.js";
import { answerOwner, assertFactorAllowed, completeMfaGrant } from "../../mfa/complete-mfa.js";
import { resolveMfaToken } from "../../mfa/mfa-token.js";
import { jsonTokenResponse } from "../../oauth/grants/authorization-code.js";
import type { IssuerClient } from "../../options.js";
import type { MfaTokenRow } from "../../store/mfa-tokens.js";
import { confirmRecoveryCodeSet } from "../recovery-code/store.js";
import { passkeyAmr } from "./amr.js";
import { verifyAssertion } from "./authentication.js";
import { mfaTokenBinding } from "./binding.js";
import { claimCeremony, findCeremonyByCode, type CeremonyRow } from "./ceremony-store.js";
import { insertCredential, recordAssertion } from "./credential-store.js";
import { verifyRegistration } from "./registration.js";
import {
  MAX_RESPONSE_LENGTH,
  parseAuthenticationResponse,
  parseRegistrationResponse,
} from "./response-schema.js";

export const WEBAUTHN_GRANT = "urn:next-stepup:grant-type:mfa-webauthn";

const schema = z.object({
  mfa_token: param,
  oob_code: param,
  webauthn_response: z.string().min(2).max(MAX_RESPONSE_LENGTH),
});

/**
 * grant_type=urn:next-stepup:grant-type:mfa-webauthn (PROTOCOL.md part A).
 * Redeems the `oob_code` of a webauthn challenge (an assertion) or of a
 * webauthn associate (a registration, which this confirms) with the
 * browser's answer. The ceremony must have been issued for this very
 * mfa_token; it is spent before its answer is checked, so a challenge is
 * answered once whatever the outcome, and an answer cannot be replayed. A
 * refused answer counts like a wrong code (withAnswerBudget: the mfa_token's
 * budget and the user's bucket); a genuine assertion whose signature counter did not grow is
 * refused and audited as `mfa.counter_regressed` (a cloned authenticator).
 * amr gains "mfa" and "hwk" or "swk" (amr.ts).
 * @throws invalid_request (400), invalid_token / expired_token (401), invalid_grant (403), too_many_attempts (429)
 */
export async function mfaWebAuthnGrant(
  params: Params,
  client: IssuerClient,
  deps: IssuerDeps,
): Promise<Response> {
  const input = parseWith(schema, params);
  const token = await resolveMfaToken(deps, input.mfa_token, client.clientId);
  assertFactorAllowed(deps, token, "webauthn");
  const codeHash = sha256Hex(input.oob_code);
  const ceremony = await findCeremonyByCode(deps.db, codeHash);
  // The oob_code is 32 random bytes: an unknown or foreign one is not a guess
  // at the user's factor, so it is refused without spending the budget.
  if (
    !ceremony ||
    ceremony.user_id !== token.user_id ||
    ceremony.binding !== mfaTokenBinding(token)
  ) {
    throw new StepUpError("invalid_grant", "Unknown oob_code");
  }
  // Parsed before anything is spent: a malformed body is the client's bug, not an answer.
  const answer =
    ceremony.kind === "registration"
      ? {
          kind: "registration" as const,
          response: parseRegistrationResponse(input.webauthn_response),
        }
      : {
          kind: "authentication" as const,
          response: parseAuthenticationResponse(input.webauthn_response),
        };
  const body = await withAnswerBudget(deps, answerOwner(token), "webauthn", async () => {
    if (!(await claimCeremony(deps.db, codeHash, deps.clock()))) {
      throw new StepUpError("invalid_grant", "The challenge has expired or was already used");
    }
    return answer.kind === "registration"
      ? register(deps, token, ceremony, answer.response)
      : authenticate(deps, token, ceremony, answer.response);
  });
  return jsonTokenResponse(body);
}

async function register(
  deps: IssuerDeps,
  token: MfaTokenRow,
  ceremony: CeremonyRow,
  response: ReturnType<typeof parseRegistrationResponse>,
): Promise<Record<string, unknown>> {
  const credential = await verifyRegistration(deps, ceremony, response, deps.clock());
  if (!credential) throw new WrongAnswer();
  return completeMfaGrant(deps, token, {
    methods: [passkeyAmr(credential.device_type)],
    async commit(tx, now) {
      // A credential id registered before (to anyone) is refused, never re-bound.
      if (!(await insertCredential(tx, { ...credential, created_at: now }))) return false;
      // Only a first factor has a pending set (see associate); no-op otherwise.
      await confirmRecoveryCodeSet(tx, token.user_id, credential.id, now);
      return true;
    },
    audit: {
      authenticatorId: `webauthn|${credential.id}`,
      authenticatorType: "webauthn",
      enrolled: true,
    },
  });
}

async function authenticate(
  deps: IssuerDeps,
  token: MfaTokenRow,
  ceremony: CeremonyRow,
  response: ReturnType<typeof parseAuthenticationResponse>,
): Promise<Record<string, unknown>> {
  const outcome = await verifyAssertion(deps, deps.db, ceremony, response);
  if (!outcome.ok) {
    if (outcome.reason === "counter_regressed") {
      await recordEvent(deps, {
        type: "mfa.counter_regressed",
        userId: token.user_id,
        authenticatorId: `webauthn|${outcome.credential!.id}`,
        authenticatorType: "webauthn",
        clientId: token.client_id,
        actor: "user",
      });
    }
    throw new WrongAnswer();
  }
  return completeMfaGrant(deps, token, {
    methods: [outcome.method],
    commit: (tx, now) =>
      recordAssertion(tx, outcome.credential.id, {
        counter: outcome.counter,
        backedUp: outcome.backedUp,
        now,
      }),
    audit: { authenticatorId: `webauthn|${outcome.credential.id}`, authenticatorType: "webauthn" },
  });
}
