import { describe, expect, it, jest } from "@jest/globals";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../errors/index.js";
import { withStepUpAction } from "./with-step-up-action.js";

describe("withStepUpAction", () => {
  it("wraps the action's value as { ok: true, data }", async () => {
    const action = withStepUpAction(async (a: number, b: number) => ({ sum: a + b }));
    await expect(action(2, 3)).resolves.toEqual({ ok: true, data: { sum: 5 } });
  });

  it("returns mfa_required as plain JSON carrying the sealed context and requirements", async () => {
    const action = withStepUpAction(async () => {
      throw new MfaRequiredError("sealed", { enroll: [{ type: "otp" }] }, { audience: "api" });
    });
    const result = await action();
    expect(result).toEqual({
      ok: false,
      error: {
        error: "mfa_required",
        error_description: "Multifactor authentication required",
        mfa_token: "sealed",
        mfa_requirements: { enroll: [{ type: "otp" }] },
        audience: "api",
      },
    });
    // Plain data only: what React's action serialization keeps is all there is.
    if (result.ok) throw new Error("expected an error result");
    expect(Object.getPrototypeOf(result.error)).toBe(Object.prototype);
    expect(structuredClone(result)).toEqual(result);
  });

  it("keeps retry_after and other codes", async () => {
    const limited = await withStepUpAction(async () => {
      throw new TooManyAttemptsError(12);
    })();
    expect(limited).toMatchObject({
      ok: false,
      error: { error: "too_many_attempts", retry_after: 12 },
    });
    const expired = await withStepUpAction(async () => {
      throw new StepUpError("mfa_token_expired");
    })();
    expect(expired).toMatchObject({ ok: false, error: { error: "mfa_token_expired" } });
  });

  it("turns an unknown error into server_error, reported to onError and not leaked", async () => {
    const onError = jest.fn();
    const failure = new Error("connection string postgres://u:secret@db");
    const result = await withStepUpAction(
      async () => {
        throw failure;
      },
      { onError },
    )();
    expect(result).toMatchObject({ ok: false, error: { error: "server_error" } });
    expect(JSON.stringify(result)).not.toContain("secret@db");
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it("rethrows redirect()/notFound() (a digest) for Next.js to handle", async () => {
    const notFound = Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), {
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
    await expect(
      withStepUpAction(async () => {
        throw notFound;
      })(),
    ).rejects.toBe(notFound);
  });
});
