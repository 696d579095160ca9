/**
 * The recorded Auth0 tenant's MFA API and MFA grants (see auth0-tenant.ts):
 * POST /mfa/associate, POST /mfa/challenge, GET and DELETE /mfa/authenticators,
 * and the mfa-otp, mfa-oob and mfa-recovery-code grants, each answering as
 * the cited documentation page shows.
 */
import { generateTotpSecret, verifyTotpCode } from "../../src/issuer/factors/otp/totp.js";
import type { Auth0Authenticator, Auth0User } from "./auth0-tenant.js";

export interface OobRecord {
  sub: string;
  /** The mfa_token (or MFA API access token) it was issued with: only that one redeems it. */
  bearer: string;
  authenticatorId: string;
  channel: "sms" | "push";
  bindingCode?: string;
  status: "pending" | "accepted" | "rejected";
  lastPollAt?: number;
}

export interface MfaApiState {
  now: () => number;
  users: Map<string, Auth0User>;
  mfaTokens: Map<string, { sub: string; audience: string; scope: string; expiresAt: number }>;
  oob: Map<string, OobRecord>;
  sms: Map<string, string[]>;
  /** The user of an MFA API access token holding `scope`. */
  accessTokenSubject(token: string, scope: string): string | undefined;
  tokens(
    user: Auth0User,
    audience: string,
    scope: string,
    extra?: Record<string, unknown>,
  ): Response;
}

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });

let counter = 0;
const devId = () => `dev_${(++counter).toString(36)}${Math.random().toString(36).slice(2, 12)}`;
const randomCode = () => String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
const recoveryCode = () =>
  Array.from(
    { length: 24 },
    () => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(Math.random() * 32)],
  ).join("");

/** Auth0 pairs a push device with an OTP authenticator (manage-authenticator-factors-mfa-api). */
const COMPANION = "companion-of-";

export async function handleMfaApi(
  state: MfaApiState,
  method: string,
  path: string,
  body: string | URLSearchParams,
  headers: Headers | null,
): Promise<Response> {
  if (path === "/oauth/token" && body instanceof URLSearchParams) return mfaGrant(state, body);
  const bearer = (headers?.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  if (method === "POST" && path === "/mfa/associate") return associate(state, bearer, String(body));
  if (method === "POST" && path === "/mfa/challenge") return challenge(state, String(body));
  if (method === "GET" && path === "/mfa/authenticators") return list(state, bearer);
  if (method === "DELETE" && path.startsWith("/mfa/authenticators/")) {
    return remove(state, bearer, decodeURIComponent(path.slice("/mfa/authenticators/".length)));
  }
  // No such endpoint (Auth0 has no POST /mfa/recovery-codes: it regenerates with its Management API).
  return json(404, { error: "not_found", error_description: "Not Found" });
}

/** The user of an mfa_token, or the error Auth0 answers for it (401 on the verify pages). */
function mfaTokenUser(
  state: MfaApiState,
  raw: string,
): { user: Auth0User; entry?: { audience: string; scope: string } } | Response {
  const entry = state.mfaTokens.get(raw);
  if (!entry)
    return json(401, { error: "invalid_grant", error_description: "Malformed mfa_token" });
  if (entry.expiresAt <= state.now()) {
    return json(401, { error: "expired_token", error_description: "mfa_token is expired" });
  }
  return { user: state.users.get(entry.sub)!, entry };
}

/** The MFA grants on POST /oauth/token (client authentication already checked). */
async function mfaGrant(state: MfaApiState, form: URLSearchParams): Promise<Response> {
  const grant = form.get("grant_type") ?? "";
  const raw = form.get("mfa_token") ?? "";
  // An MFA API access token (scope enroll) confirms a factor added with it, as
  // the mfa_token does (enroll-and-challenge-otp-authenticators: "Confirm OTP enrollment").
  const accessSub = state.accessTokenSubject(raw, "enroll");
  const resolved = accessSub ? { user: state.users.get(accessSub)! } : mfaTokenUser(state, raw);
  if (resolved instanceof Response) return resolved;
  const { user, entry } = resolved;
  const succeed = (extra: Record<string, unknown> = {}) => {
    state.mfaTokens.delete(raw);
    user.methods.push({ name: "mfa", timestamp: Math.floor(state.now() / 1000) });
    if (user.pendingRecoveryCode) {
      user.recoveryCode = user.pendingRecoveryCode;
      delete user.pendingRecoveryCode;
    }
    return entry
      ? state.tokens(user, entry.audience, entry.scope, extra)
      : state.tokens(user, "https://tenant.auth0.test/mfa/", "enroll", extra);
  };

  if (grant === "http://auth0.com/oauth/grant-type/mfa-otp") {
    // https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-mfa-with-otp
    for (const authenticator of user.authenticators.filter((a) => a.type === "otp")) {
      if (
        (await verifyTotpCode(authenticator.secret!, form.get("otp") ?? "", state.now())) !==
        undefined
      ) {
        authenticator.active = true;
        return succeed();
      }
    }
    return json(401, { error: "invalid_grant", error_description: "Invalid otp_code." });
  }
  if (grant === "http://auth0.com/oauth/grant-type/mfa-oob") {
    // https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band
    const record = state.oob.get(form.get("oob_code") ?? "");
    if (!record || record.bearer !== raw) {
      return json(401, { error: "invalid_grant", error_description: "Invalid oob_code." });
    }
    const authenticator = user.authenticators.find((a) => a.id === record.authenticatorId)!;
    if (record.channel === "sms") {
      if (form.get("binding_code") !== record.bindingCode) {
        return json(401, { error: "invalid_grant", error_description: "Invalid binding_code." });
      }
    } else if (record.status === "rejected") {
      // The API reference samples answer a pending or rejected push with 200 and an error body
      // (https://auth0.com/docs/api/authentication#verify-with-out-of-band-oob-).
      return json(200, {
        error: "invalid_grant",
        error_description: "MFA Authorization rejected.",
      });
    } else if (record.status === "pending") {
      const now = state.now();
      // 12 mfa-oob exchanges a minute per session (rate-limit-configurations); the
      // status of slow_down is not on the page: 400 assumed, as RFC 8628 §3.5.
      if (record.lastPollAt !== undefined && now - record.lastPollAt < 5000) {
        record.lastPollAt = now;
        return json(400, {
          error: "slow_down",
          error_description: "You are polling faster than allowed.",
        });
      }
      record.lastPollAt = now;
      return json(200, {
        error: "authorization_pending",
        error_description: "Authorization pending: please repeat the request in a few seconds.",
      });
    }
    state.oob.delete(form.get("oob_code")!);
    authenticator.active = true;
    const companion = user.authenticators.find(
      (a) => a.id === `totp|${COMPANION}${authenticator.id}`,
    );
    if (companion) companion.active = true;
    return succeed();
  }
  if (grant === "http://auth0.com/oauth/grant-type/mfa-recovery-code") {
    // https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-recovery-code:
    // one code per user; the answer carries its replacement as `recovery_code`.
    const given = (form.get("recovery_code") ?? "").toUpperCase().replace(/[\s-]/g, "");
    if (!user.recoveryCode || given !== user.recoveryCode) {
      return json(401, { error: "invalid_grant", error_description: "Invalid recovery_code." });
    }
    user.recoveryCode = recoveryCode();
    return succeed({ recovery_code: user.recoveryCode });
  }
  return json(403, {
    error: "unsupported_grant_type",
    error_description: "Unsupported grant type",
  });
}

/**
 * POST /mfa/associate
 * (https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator):
 * the mfa_token while the user has no active authenticator, else an access
 * token for the MFA API with `enroll`. No `id` in the answer; `recovery_codes`
 * with the first factor only.
 */
function associate(state: MfaApiState, bearer: string, text: string): Response {
  const body = JSON.parse(text || "{}") as Record<string, unknown>;
  if (typeof body.client_id !== "string") {
    return json(400, { error: "invalid_request", error_description: "Missing client_id" });
  }
  const accessSub = state.accessTokenSubject(bearer, "enroll");
  const resolved = accessSub ? { user: state.users.get(accessSub)! } : mfaTokenUser(state, bearer);
  if (resolved instanceof Response) return resolved;
  const { user } = resolved;
  const hasActive = user.authenticators.some((a) => a.active);
  if (!accessSub && hasActive) {
    // enroll-and-challenge-otp-authenticators: "If you get a User is already enrolled error";
    // the code and status are not on the page (403 access_denied assumed).
    return json(403, { error: "access_denied", error_description: "User is already enrolled." });
  }
  user.authenticators = user.authenticators.filter((a) => a.active);
  const first = !hasActive && !user.recoveryCode;
  if (first) user.pendingRecoveryCode = recoveryCode();
  const recovery = first ? { recovery_codes: [user.pendingRecoveryCode] } : {};
  const add = (authenticator: Omit<Auth0Authenticator, "createdAt" | "active">) => {
    const added = { ...authenticator, active: false, createdAt: state.now() };
    user.authenticators.push(added);
    return added;
  };
  const [type] = (body.authenticator_types as string[] | undefined) ?? [];
  const [channel] = [body.oob_channels ?? []].flat() as string[];
  if (type === "otp") {
    // enroll-and-challenge-otp-authenticators
    const added = add({ id: `totp|${devId()}`, type: "otp", secret: generateTotpSecret() });
    return json(200, {
      authenticator_type: "otp",
      secret: added.secret,
      barcode_uri: `otpauth://totp/tenant:${encodeURIComponent(user.email)}?secret=${added.secret}&issuer=tenant&algorithm=SHA1&digits=6&period=30`,
      ...recovery,
    });
  }
  if (type === "oob" && channel === "sms" && typeof body.phone_number === "string") {
    // enroll-challenge-sms-voice-authenticators
    const added = add({ id: `sms|${devId()}`, type: "sms", phone: body.phone_number });
    return json(200, {
      authenticator_type: "oob",
      oob_channel: "sms",
      oob_code: sendSms(state, user, added, bearer),
      binding_method: "prompt",
      ...recovery,
    });
  }
  if (type === "oob" && channel === "auth0") {
    // enroll-and-challenge-push-authenticators: a push device, and Auth0's OTP beside it.
    const device = add({ id: `push|${devId()}`, type: "push" });
    add({ id: `totp|${COMPANION}${device.id}`, type: "otp", secret: generateTotpSecret() });
    const oobCode = `Fe26.2**${devId()}`;
    state.oob.set(oobCode, {
      sub: user.sub,
      bearer,
      authenticatorId: device.id,
      channel: "push",
      status: "pending",
    });
    return json(200, {
      authenticator_type: "oob",
      barcode_uri: `otpauth://totp/tenant:${encodeURIComponent(user.email)}?enrollment_tx_id=${devId()}&base_url=tenant.auth0.test`,
      oob_channel: "auth0",
      oob_code: oobCode,
      ...recovery,
    });
  }
  return json(400, {
    error: "unsupported_challenge_type",
    error_description: "Unsupported authenticator type",
  });
}

function sendSms(
  state: MfaApiState,
  user: Auth0User,
  authenticator: Auth0Authenticator,
  bearer: string,
) {
  const bindingCode = randomCode();
  const oobCode = `Fe26.2**${devId()}`;
  state.oob.set(oobCode, {
    sub: user.sub,
    bearer,
    authenticatorId: authenticator.id,
    channel: "sms",
    bindingCode,
    status: "pending",
  });
  state.sms.set(authenticator.phone!, [
    ...(state.sms.get(authenticator.phone!) ?? []),
    bindingCode,
  ]);
  return oobCode;
}

/**
 * POST /mfa/challenge
 * (https://auth0.com/docs/api/authentication/multi-factor-authentication/request-mfa-challenge):
 * otp announces itself; SMS sends a code (binding_method prompt); a push has
 * no binding method. A user with nothing active: `association_required` (400).
 */
function challenge(state: MfaApiState, text: string): Response {
  const body = JSON.parse(text || "{}") as Record<string, string>;
  if (typeof body.client_id !== "string") {
    return json(400, { error: "invalid_request", error_description: "Missing client_id" });
  }
  const resolved = mfaTokenUser(state, body.mfa_token ?? "");
  if (resolved instanceof Response) return resolved;
  const { user } = resolved;
  const active = user.authenticators.filter((a) => a.active);
  if (active.length === 0) {
    return json(400, { error: "association_required", error_description: "User is not enrolled." });
  }
  const authenticator = body.authenticator_id
    ? active.find((a) => a.id === body.authenticator_id)
    : active.find((a) => (body.challenge_type === "otp") === (a.type === "otp"));
  if (!authenticator) {
    return json(400, { error: "invalid_request", error_description: "Invalid authenticator_id." });
  }
  if (authenticator.type === "otp") {
    return body.challenge_type === "otp"
      ? json(200, { challenge_type: "otp" })
      : json(400, {
          error: "unsupported_challenge_type",
          error_description: "Unsupported challenge type",
        });
  }
  if (authenticator.type === "sms") {
    return json(200, {
      challenge_type: "oob",
      oob_code: sendSms(state, user, authenticator, body.mfa_token!),
      binding_method: "prompt",
    });
  }
  const oobCode = `Fe26.2**${devId()}`;
  state.oob.set(oobCode, {
    sub: user.sub,
    bearer: body.mfa_token!,
    authenticatorId: authenticator.id,
    channel: "push",
    status: "pending",
  });
  return json(200, { challenge_type: "oob", oob_code: oobCode });
}

/**
 * GET /mfa/authenticators
 * (https://auth0.com/docs/api/authentication/multi-factor-authentication/list-authenticators):
 * the mfa_token, or an access token with `read:authenticators`; inactive
 * (unconfirmed) ones are listed too, as `active: false`.
 */
function list(state: MfaApiState, bearer: string): Response {
  const sub =
    state.accessTokenSubject(bearer, "read:authenticators") ?? state.mfaTokens.get(bearer)?.sub;
  if (!sub) return json(401, { error: "invalid_token", error_description: "Invalid token" });
  const user = state.users.get(sub)!;
  return json(200, [
    ...(user.recoveryCode
      ? [
          {
            id: `recovery-code|dev_${sub.slice(6)}`,
            authenticator_type: "recovery-code",
            active: true,
          },
        ]
      : []),
    ...user.authenticators.map((a) =>
      a.type === "otp"
        ? { id: a.id, authenticator_type: "otp", active: a.active }
        : a.type === "sms"
          ? {
              id: a.id,
              authenticator_type: "oob",
              oob_channel: "sms",
              name: `+X XXXX${a.phone!.slice(-4)}`,
              active: a.active,
            }
          : {
              id: a.id,
              authenticator_type: "oob",
              oob_channel: "auth0",
              name: "John's Device",
              active: a.active,
            },
    ),
  ]);
}

/**
 * DELETE /mfa/authenticators/{id} with `remove:authenticators`
 * (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api):
 * 204; a push device and its OTP go together. An unknown id is not on the
 * page (404 not_found assumed).
 */
function remove(state: MfaApiState, bearer: string, id: string): Response {
  const sub = state.accessTokenSubject(bearer, "remove:authenticators");
  if (!sub) return json(401, { error: "invalid_token", error_description: "Invalid token" });
  const user = state.users.get(sub)!;
  const target = user.authenticators.find((a) => a.id === id);
  if (!target)
    return json(404, { error: "not_found", error_description: "Authenticator not found" });
  const paired = (a: Auth0Authenticator) =>
    a.id === id || a.id === `totp|${COMPANION}${id}` || id === `totp|${COMPANION}${a.id}`;
  user.authenticators = user.authenticators.filter((a) => !paired(a));
  return new Response(null, { status: 204 });
}
