import type { MfaOperation } from "../errors/index.js";
import { requestJson } from "../shared/request-json.js";
import {
  authenticatorFromWire,
  challengeFromWire,
  challengeOptionsToWire,
  enrollmentFromWire,
  enrollOptionsToWire,
  recoveryCodesFromWire,
  verifyOptionsToWire,
  verifyResultFromWire,
  type WireAuthenticator,
  type WireChallenge,
  type WireEnrollment,
  type WireEnrollmentFactors,
  type WireRecoveryCodes,
  type WireVerifyResult,
} from "../shared/wire.js";
import type { MfaApi } from "../types/index.js";
import { routesBase, transportOf, type ClientConfig } from "./client-config.js";

/**
 * The MFA API over the app's `/auth/mfa/*` routes, for the browser. Takes the
 * sealed context (`MfaRequiredError.mfaToken`) as `mfaToken`; sends it as a
 * bearer header, never in a URL. Options left out come from `configureClient`
 * (read at each call), then the defaults (the page's origin, `/auth`).
 * @throws StepUpError with `operation` set (`invalid_grant`, `mfa_token_expired`,
 *   `too_many_attempts` as TooManyAttemptsError with `retryAfter`, …).
 * @example
 * const mfa = createMfaClient({ prefix: "/api/auth" });
 * await mfa.verify({ mfaToken, otp: "123456" });
 */
export function createMfaClient(options: ClientConfig = {}): MfaApi {
  const call = <T>(
    operation: MfaOperation,
    method: "GET" | "POST" | "DELETE" | "PATCH",
    path: string,
    // Absent for the session-only routes (delete, recovery codes): the cookie is the credential.
    mfaToken: string | undefined,
    body?: unknown,
  ): Promise<T> =>
    requestJson<T>(
      `${routesBase(options)}/mfa${path}`,
      {
        method,
        // fetch's default credentials mode, same-origin, carries the session cookie the
        // context is bound to (and never sends it elsewhere).
        headers: {
          accept: "application/json",
          ...(mfaToken === undefined ? {} : { authorization: `Bearer ${mfaToken}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      // Resolved per call so that a fetch installed after load (polyfill, test) is used.
      { fetch: transportOf(options), operation },
    );

  return {
    async getAuthenticators({ mfaToken } = {}) {
      const list = await call<WireAuthenticator[]>(
        "getAuthenticators",
        "GET",
        "/authenticators",
        mfaToken,
      );
      return list.map(authenticatorFromWire);
    },
    async enroll(enrollOptions) {
      const body = enrollOptionsToWire(enrollOptions);
      return enrollmentFromWire(
        await call<WireEnrollment>("enroll", "POST", "/associate", enrollOptions.mfaToken, body),
      );
    },
    async challenge(challengeOptions) {
      const body = challengeOptionsToWire(challengeOptions);
      return challengeFromWire(
        await call<WireChallenge>(
          "challenge",
          "POST",
          "/challenge",
          challengeOptions.mfaToken,
          body,
        ),
      );
    },
    async verify(verifyOptions) {
      const body = verifyOptionsToWire(verifyOptions);
      return verifyResultFromWire(
        await call<WireVerifyResult>("verify", "POST", "/verify", verifyOptions.mfaToken, body),
      );
    },
    async deleteAuthenticator(id) {
      await call<void>("deleteAuthenticator", "DELETE", authenticatorPath(id), undefined);
    },
    async renameAuthenticator(id, name) {
      const path = authenticatorPath(id);
      return authenticatorFromWire(
        await call<WireAuthenticator>("renameAuthenticator", "PATCH", path, undefined, { name }),
      );
    },
    async regenerateRecoveryCodes() {
      return recoveryCodesFromWire(
        await call<WireRecoveryCodes>(
          "regenerateRecoveryCodes",
          "POST",
          "/recovery-codes",
          undefined,
          {},
        ),
      );
    },
    async getEnrollmentFactors(factorOptions) {
      const answer = await call<WireEnrollmentFactors>(
        "getEnrollmentFactors",
        "GET",
        "/factors",
        factorOptions?.mfaToken,
      );
      return Array.isArray(answer?.factors) ? answer.factors : [];
    },
  };
}

/** `/authenticators/{id}`. @throws TypeError for a missing id (a bug in the caller, not a wire error) */
function authenticatorPath(id: string): string {
  if (typeof id !== "string" || id === "") {
    throw new TypeError("next-stepup: an authenticator id is needed");
  }
  return `/authenticators/${encodeURIComponent(id)}`;
}

/** The MFA API at the configured routes (`configureClient`), by default `/auth` on the page's origin. */
export const mfa: MfaApi = /* @__PURE__ */ createMfaClient();
