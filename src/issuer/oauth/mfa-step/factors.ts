import type { IssuerDeps } from "../../deps.js";
import { maskEmail, maskPhoneNumber } from "../../factors/oob/code-and-destination.js";
import { listAuthenticators } from "../../factors/otp/store.js";
import { listOobAuthenticators } from "../../factors/oob/store.js";
import { findActiveRecoveryCodeSet } from "../../factors/recovery-code/store.js";
import type { SqlClient } from "../../store/sql-client.js";
import type { CodeInput, FactorChoiceView } from "../../ui/mfa-pages.js";
import { emailFactor, smsFactor } from "../../factors/oob/hosted-step.js";
import { otpFactor } from "../../factors/otp/hosted-step.js";
import { recoveryCodeFactor } from "../../factors/recovery-code/hosted-step.js";

/** What a factor gets to check an answer: `db` may be a transaction. */
export interface FactorContext {
  deps: IssuerDeps;
  db: SqlClient;
  userId: string;
  /** The authenticator's id without its type prefix (`totp|abc` → `abc`). */
  key: string;
  now: number;
  /** The pending authorization's id (held by this browser only): email/SMS codes are bound to it. */
  transaction: string;
  /** The answer may confirm a pending enrollment (the user has no confirmed factor). */
  enrolling: boolean;
}

/**
 * One factor type the hosted MFA step can run. Adding a type (email, sms…) is
 * one entry in HOSTED_FACTORS: its page texts, an optional `start` (send the
 * code when its page is shown) and `verify`.
 */
export interface HostedFactor {
  /** Picker label and page heading. */
  label: string;
  heading: string;
  input: CodeInput;
  /** `start` delivers a code: the page offers "Send a new code". */
  sendsCodes?: boolean;
  /**
   * Runs each time the factor's challenge page is shown (oob: deliver a code).
   * @throws too_many_attempts (429, resend cooldown or hourly cap), delivery_failed (503)
   */
  start?(context: FactorContext): Promise<void>;
  /**
   * Checks the answer and spends it atomically (claim the TOTP step, use the
   * recovery code). Returns the amr methods it adds besides "mfa" (RFC 8176),
   * or undefined when the answer is wrong or replayed.
   */
  verify(context: FactorContext, answer: string): Promise<string[] | undefined>;
}

/** Keyed by an authenticator id's prefix, which is its stored type (`totp|…`, `recovery-code|…`). */
export const HOSTED_FACTORS: Readonly<Record<string, HostedFactor>> = {
  totp: otpFactor,
  "recovery-code": recoveryCodeFactor,
  email: emailFactor,
  sms: smsFactor,
};

/** A choice in the picker; `factor` is undefined for a type this page cannot run. */
export interface FactorChoice extends FactorChoiceView {
  factor: HostedFactor | undefined;
  /** Email/SMS: the masked address or number the code goes to (never the full one). */
  destination?: string;
}

/**
 * Every confirmed authenticator of the user (app authenticators, then email
 * and SMS labelled with their masked destination), then the recovery codes
 * while unused ones remain. Types without a registry entry are listed as unavailable
 * so the user sees them but cannot pick them.
 */
export async function listFactorChoices(deps: IssuerDeps, userId: string): Promise<FactorChoice[]> {
  const { db } = deps;
  const rows = (await listAuthenticators(db, userId)).filter((row) => row.confirmed_at !== null);
  const choices: FactorChoice[] = rows.map((row) => {
    const type: string = row.type;
    const factor = HOSTED_FACTORS[type];
    return {
      id: `${type}|${row.id}`,
      label: factor?.label ?? type,
      available: factor !== undefined,
      factor,
    };
  });
  for (const row of await listOobAuthenticators(db, userId)) {
    if (row.confirmed_at === null) continue;
    const factor = HOSTED_FACTORS[row.channel]!;
    const to = deps.oobBox.open(row.destination_sealed, `oob|${row.id}`);
    const destination = row.channel === "email" ? maskEmail(to) : maskPhoneNumber(to);
    choices.push({
      id: `${row.channel}|${row.id}`,
      label: `${factor.label} (${destination})`,
      available: true,
      factor,
      destination,
    });
  }
  const recovery = await findActiveRecoveryCodeSet(db, userId);
  if (recovery && recovery.remaining > 0) {
    const factor = HOSTED_FACTORS["recovery-code"]!;
    choices.push({
      id: `recovery-code|${recovery.id}`,
      label: factor.label,
      available: true,
      factor,
    });
  }
  return choices;
}

/** Splits `type|key`; undefined when malformed. */
export function parseAuthenticatorId(id: string): { type: string; key: string } | undefined {
  const index = id.indexOf("|");
  if (index <= 0 || index === id.length - 1) return undefined;
  return { type: id.slice(0, index), key: id.slice(index + 1) };
}
