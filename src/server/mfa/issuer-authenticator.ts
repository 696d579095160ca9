import { fromWire } from "../../shared/wire.js";
import type { Authenticator, FactorType } from "../../types/index.js";

/**
 * An authenticator as the authorization server's `GET /mfa/authenticators`
 * lists it, in Auth0's vocabulary as well as ours. Read on the server only:
 * the SDK's routes answer `Authenticator`s already read (WireAuthenticator,
 * with `type`), so the browser carries none of this mapping.
 */
export interface IssuerAuthenticator {
  id: string;
  authenticator_type: string;
  oob_channel?: string;
  /** Auth0 lists some authenticators with their channels instead of one `oob_channel`. */
  oob_channels?: string | string[];
  name?: string;
  active?: boolean;
  created_at?: string;
  last_auth?: string;
  /** Passkeys: WebAuthn's backup flags (BE: a synced kind of passkey, BS: synced now). */
  backup_eligible?: boolean;
  backed_up?: boolean;
}

/** The factor of an oob channel, or of an id prefix (Auth0's push ids are `push|…`). */
const OOB_FACTORS = new Map<string | undefined, FactorType>([
  ["email", "email"],
  ["sms", "sms"],
  ["voice", "voice"],
  ["auth0", "push"],
  ["push", "push"],
]);

/**
 * The factor an authenticator stands for. `oob_channel` is optional on the
 * wire, so an oob authenticator without it falls back to its id prefix
 * (`email|…`, `push|…`); what neither tells is `unknown`, never a guess (a
 * push device listed as SMS would send codes nowhere).
 */
export function factorTypeOf(
  authenticatorType: string,
  oobChannel?: string,
  id = "",
): FactorType | "unknown" {
  if (authenticatorType === "oob") {
    return OOB_FACTORS.get(oobChannel) ?? OOB_FACTORS.get(id.split("|")[0]) ?? "unknown";
  }
  return ["otp", "recovery-code", "webauthn"].includes(authenticatorType)
    ? (authenticatorType as FactorType)
    : "unknown";
}

/** One listed authenticator, with its factor `type`, one `oobChannel`, and `active` (absent: usable). */
export function authenticatorFromIssuer(wire: IssuerAuthenticator): Authenticator {
  const { oob_channels: channels, ...rest } = wire;
  const channel = wire.oob_channel ?? [channels ?? []].flat()[0];
  return {
    ...fromWire<Authenticator>(rest),
    ...(channel ? { oobChannel: channel } : {}),
    type: factorTypeOf(wire.authenticator_type, channel, wire.id),
    // Auth0 omits `active` on some factors; absent means usable.
    active: wire.active ?? true,
  };
}
