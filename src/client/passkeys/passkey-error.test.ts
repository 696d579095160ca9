import { describe, expect, it } from "@jest/globals";
import { passkeyError, type PasskeyFailure } from "./passkey-error.js";

/** A DOMException-like error as navigator.credentials throws, or @simplewebauthn/browser's WebAuthnError. */
function thrown(name: string, code?: string): Error {
  const error = new Error("browser text that must not matter");
  error.name = name;
  if (code) Object.assign(error, { code });
  return error;
}

const TIMEOUT = 300_000;

describe("passkeyError", () => {
  it.each<[string, Partial<PasskeyFailure>, string, number]>([
    [
      "an abort (a newer prompt)",
      { error: thrown("AbortError", "ERROR_CEREMONY_ABORTED") },
      "passkey_cancelled",
      400,
    ],
    [
      "a dismissed prompt",
      { error: thrown("NotAllowedError"), elapsedMs: 2_000 },
      "passkey_cancelled",
      400,
    ],
    [
      "the same error at the timeout",
      { error: thrown("NotAllowedError"), elapsedMs: TIMEOUT },
      "passkey_timeout",
      408,
    ],
    [
      "an RP ID outside this site",
      { error: thrown("SecurityError", "ERROR_INVALID_RP_ID") },
      "passkey_wrong_rp",
      400,
    ],
    [
      "an invalid domain",
      { error: thrown("SecurityError", "ERROR_INVALID_DOMAIN") },
      "passkey_wrong_rp",
      400,
    ],
    ["another security refusal", { error: thrown("SecurityError") }, "passkey_not_allowed", 403],
    [
      "a passkey this authenticator already holds",
      { error: thrown("InvalidStateError"), ceremony: "registration" },
      "passkey_already_registered",
      409,
    ],
    [
      "an unsupported algorithm",
      { error: thrown("NotSupportedError") },
      "passkey_not_allowed",
      403,
    ],
    ["something that is not an Error", { error: "boom" }, "passkey_not_allowed", 403],
  ])("codes %s", (_name, failure, code, status) => {
    const error = passkeyError({
      ceremony: "authentication",
      elapsedMs: 10,
      timeoutMs: TIMEOUT,
      error: undefined,
      ...failure,
    });
    expect([error.code, error.status]).toEqual([code, status]);
    expect(error.cause).toBe(failure.error);
    expect(error.operation).toBe(failure.ceremony === "registration" ? "enroll" : "verify");
  });
});
