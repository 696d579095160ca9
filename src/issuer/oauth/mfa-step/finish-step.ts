import { randomId, sha256Hex } from "../../crypto/hash.js";
import { LIMITS, type IssuerDeps } from "../../deps.js";
import { serializeCookie, COOKIE } from "../../http/cookies.js";
import {
  consumeAuthorizationRequest,
  setAuthorizationProgress,
  type PendingAuthorization,
} from "../../store/authorization-requests.js";
import { insertLoginSession, recordSessionMfa } from "../../store/login-sessions.js";
import { completeAuthorization } from "../complete-authorization.js";
import { timesOf } from "../../store/refresh-tokens.js";
import { hostedMfaNeeded } from "./requirement.js";
import { showMfaStep } from "./show-step.js";
import { stepErrorPage, type StepContext } from "./step-context.js";

/**
 * After a correct password (login or sign-up): start a login session (cookie),
 * then either finish the authorization or, when the request or the audience's
 * policy asks for MFA, record who logged in on the pending authorization and
 * show the MFA step. The pending authorization stays unconsumed until then.
 */
export async function continueAfterPassword(
  deps: IssuerDeps,
  request: { transaction: string; idHash: string; pending: PendingAuthorization },
  userId: string,
): Promise<Response> {
  const now = deps.clock();
  const sessionId = randomId(32);
  const sessionHash = sha256Hex(sessionId);
  await insertLoginSession(deps.db, {
    id_hash: sessionHash,
    user_id: userId,
    auth_time: now,
    amr: ["pwd"],
    last_mfa_at: null,
    mfa_times: {},
    expires_at: now + LIMITS.loginSessionTtl * 1000,
  });
  const headers = new Headers();
  headers.append(
    "set-cookie",
    serializeCookie(COOKIE.session, sessionId, {
      secure: deps.secureCookies,
      maxAge: LIMITS.loginSessionTtl,
    }),
  );
  const password = { amr: ["pwd"], lastMfaAt: null, mfaTimes: {} };
  if (!(await hostedMfaNeeded(deps, request.pending, userId, password, now))) {
    if (!(await consumeAuthorizationRequest(deps.db, request.idHash, now))) return alreadyUsed();
    return completeAuthorization(
      deps,
      request.pending,
      { userId, authTime: now, amr: ["pwd"], mfaTimes: {}, sessionHash },
      headers,
    );
  }
  const progress = { userId, authTime: now, amr: ["pwd"], sessionHash };
  if (!(await setAuthorizationProgress(deps.db, request.idHash, progress, now))) {
    return alreadyUsed();
  }
  return showMfaStep(deps, { ...request, progress }, { headers });
}

/**
 * Ends the MFA step: the login session remembers the MFA (later /authorize
 * requests within the policy's max age skip it), the pending authorization is
 * consumed (first wins), and the code carries amr with "mfa", the factor's
 * method, and the MFA time as auth_time and last MFA time.
 */
export async function finishWithMfa(
  deps: IssuerDeps,
  step: StepContext,
  mfaAt: number,
  methods: string[],
): Promise<Response> {
  if (!(await consumeAuthorizationRequest(deps.db, step.idHash, deps.clock()))) {
    return alreadyUsed();
  }
  const added = ["mfa", ...methods];
  await recordSessionMfa(deps.db, step.progress.sessionHash, step.progress.userId, added, mfaAt);
  return completeAuthorization(deps, step.pending, {
    userId: step.progress.userId,
    authTime: mfaAt,
    amr: [...new Set([...step.progress.amr, ...added])],
    lastMfaAt: mfaAt,
    mfaTimes: { ...step.progress.mfaTimes, ...timesOf(methods, mfaAt) },
    sessionHash: step.progress.sessionHash,
  });
}

function alreadyUsed(): Response {
  return stepErrorPage(
    400,
    "This sign-in attempt was already used. Start again from the application.",
  );
}
