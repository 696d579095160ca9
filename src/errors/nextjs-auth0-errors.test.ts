import { describe, expect, it } from "@jest/globals";
import { errorFromBody } from "./from-body.js";
import { errorFromJSON } from "./from-response.js";
import { asNextjsAuth0Error, codedError } from "./nextjs-auth0-errors.js";
import {
  MfaChallengeError,
  MfaDeleteAuthenticatorError,
  MfaEnrollmentError,
  MfaGetAuthenticatorsError,
  MfaRequiredError,
  MfaTokenExpiredError,
  MfaTokenInvalidError,
  MfaTokenNotFoundError,
  MfaVerifyError,
  StepUpError,
  TooManyAttemptsError,
  type MfaOperation,
} from "./index.js";

const OPERATION_CLASSES = [
  ["getAuthenticators", MfaGetAuthenticatorsError],
  ["enroll", MfaEnrollmentError],
  ["deleteAuthenticator", MfaDeleteAuthenticatorError],
  ["challenge", MfaChallengeError],
  ["verify", MfaVerifyError],
] as const;

describe("nextjs-auth0's MFA error classes", () => {
  it.each(OPERATION_CLASSES)(
    "%s errors are instances of their operation's class only",
    (operation, Class) => {
      const error = new StepUpError("invalid_grant", undefined, { operation });
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(StepUpError);
      for (const [other, OtherClass] of OPERATION_CLASSES) {
        if (other !== operation) expect(error).not.toBeInstanceOf(OtherClass);
      }
    },
  );

  it("keeps our codes: a verify 429 is a TooManyAttemptsError and an MfaVerifyError", () => {
    const limited = new TooManyAttemptsError(30, { operation: "verify" });
    expect(limited).toBeInstanceOf(MfaVerifyError);
    expect(limited).toBeInstanceOf(TooManyAttemptsError);
    expect(limited).toMatchObject({ code: "too_many_attempts", retryAfter: 30 });
  });

  it("matches errors read back from the wire, which carry their operation", () => {
    const body = { error: "invalid_grant", error_description: "Invalid otp" };
    const error = errorFromJSON(body, 403);
    expect(error).not.toBeInstanceOf(MfaVerifyError); // no operation: not known to be verify's
    const fromVerify = new StepUpError(error.code, error.message, { operation: "verify" });
    expect(fromVerify).toBeInstanceOf(MfaVerifyError);
  });

  it("leaves a step-up and the context's errors to their own classes", () => {
    const stepUp = new MfaRequiredError("sealed", {}, { operation: "verify" });
    expect(stepUp).not.toBeInstanceOf(MfaVerifyError);
    expect(stepUp.mfa_token).toBe("sealed");
    const expired = new StepUpError("mfa_token_expired", undefined, { operation: "verify" });
    expect(expired).not.toBeInstanceOf(MfaVerifyError);
    expect(expired).toBeInstanceOf(MfaTokenExpiredError);
  });

  it.each([
    ["mfa_token_expired", MfaTokenExpiredError],
    ["mfa_token_invalid", MfaTokenInvalidError],
    ["mfa_token_not_found", MfaTokenNotFoundError],
  ] as const)("%s is matched by its context class, whatever the operation", (code, Class) => {
    for (const operation of ["verify", "challenge", undefined] as (MfaOperation | undefined)[]) {
      expect(new StepUpError(code, undefined, { operation })).toBeInstanceOf(Class);
    }
    expect(new Class()).toMatchObject({ code });
    expect(new StepUpError("invalid_grant")).not.toBeInstanceOf(Class);
  });

  it("constructs each class with our code, status and wire shape", () => {
    const error = new MfaVerifyError();
    expect(error).toMatchObject({ code: "invalid_grant", status: 403, operation: "verify" });
    expect(error.toJSON()).toEqual({
      error: "invalid_grant",
      error_description: expect.any(String),
    });
    expect(new MfaChallengeError("unsupported_challenge_type").status).toBe(400);
    expect(new MfaTokenNotFoundError().status).toBe(401);
  });

  it.each(OPERATION_CLASSES)(
    "an error of %s read from an answer is a plain StepUpError that matches its class",
    (operation, Class) => {
      // The shared reading (the browser's `mfa`) constructs no class, to keep them out of its bundle.
      const body = { error: "invalid_request", error_description: "Missing otp" };
      const error = errorFromBody(body, { status: 400, operation });
      expect(error.constructor).toBe(StepUpError);
      expect(error).toBeInstanceOf(Class);
      expect(error).toMatchObject({ name: "StepUpError", code: "invalid_request", status: 400 });
      expect(error.toJSON()).toEqual(body);
    },
  );

  it.each(OPERATION_CLASSES)(
    "asNextjsAuth0Error remakes an error of %s as its class, keeping what it says",
    (operation, Class) => {
      const cause = new Error("socket closed");
      const plain = new StepUpError("network_error", "Unreachable", { operation, cause });
      const error = asNextjsAuth0Error(plain) as StepUpError;
      expect(error.constructor).toBe(Class);
      expect(error).toMatchObject({
        name: Class.name,
        code: "network_error",
        message: "Unreachable",
        status: plain.status,
        operation,
        cause,
      });
      expect(error.stack).toBe(plain.stack?.replace(/^StepUpError/, Class.name));
    },
  );

  it("asNextjsAuth0Error remakes a context code as its class, whatever the operation", () => {
    const plain = new StepUpError("mfa_token_expired", undefined, { operation: "challenge" });
    const error = asNextjsAuth0Error(plain);
    expect((error as object).constructor).toBe(MfaTokenExpiredError);
    expect(error).toMatchObject({ name: "MfaTokenExpiredError", operation: "challenge" });
  });

  it("asNextjsAuth0Error leaves alone what has no class of nextjs-auth0 or one of its own", () => {
    const kept = [
      new StepUpError("invalid_grant", undefined, { operation: "getAccessToken" }),
      new StepUpError("server_error"),
      new TooManyAttemptsError(30, { operation: "verify" }),
      new MfaRequiredError("sealed", {}, { operation: "verify" }),
      new MfaVerifyError(),
      new Error("not ours"),
      "not an error",
    ];
    for (const value of kept) expect(asNextjsAuth0Error(value)).toBe(value);
  });

  it.each([
    ["mfa_token_expired", MfaTokenExpiredError],
    ["mfa_token_invalid", MfaTokenInvalidError],
    ["mfa_token_not_found", MfaTokenNotFoundError],
  ] as const)("%s is made as its context class, whatever the operation", (code, Class) => {
    const error = codedError(code, undefined, { operation: "verify" });
    expect(error.constructor).toBe(Class);
    expect(error).toMatchObject({ name: Class.name, code, status: 401, operation: "verify" });
    expect(error).not.toBeInstanceOf(MfaVerifyError);
  });

  it("makes a plain StepUpError outside nextjs-auth0's five operations", () => {
    for (const operation of ["getAccessToken", "regenerateRecoveryCodes", undefined] as const) {
      const error = codedError("invalid_grant", undefined, { operation });
      expect(error.constructor).toBe(StepUpError);
    }
  });

  it("does not match values that are not our errors", () => {
    for (const value of [
      null,
      undefined,
      "verify",
      { operation: "verify", code: "x" },
      new Error(),
    ]) {
      expect(value).not.toBeInstanceOf(MfaVerifyError);
      expect(value).not.toBeInstanceOf(MfaTokenExpiredError);
    }
  });
});
