import { describe, expect, it, jest } from "@jest/globals";
import { MfaRequiredError, StepUpError } from "../errors/index.js";
import type { StepUpActionResult } from "../types/index.js";
import { runThroughGate } from "./run-with-step-up.js";
import { createStepUpGate } from "./step-up-gate.js";
import type { StepUpRequest } from "./step-up-request.js";

type Result = StepUpActionResult<{ id: string }>;
const NEEDS_MFA: Result = {
  ok: false,
  error: {
    error: "mfa_required",
    error_description: "Multifactor authentication required",
    mfa_token: "sealed",
    mfa_requirements: { enroll: [{ type: "otp" }] },
  },
};
const DONE: Result = { ok: true, data: { id: "pay_1" } };

/** A server action answering from a script, recording its arguments. */
function action(...results: Result[]) {
  return jest.fn(async (_amount: number, _to: string): Promise<Result> => {
    const next = results.shift();
    if (!next) throw new Error("no more results");
    return next;
  });
}

describe("runThroughGate (useStepUp().run)", () => {
  it("returns a success at once", async () => {
    const send = action(DONE);
    const onStepUp = jest.fn();
    await expect(runThroughGate(createStepUpGate(), onStepUp, send, [5, "Ada"])).resolves.toEqual(
      DONE,
    );
    expect(onStepUp).not.toHaveBeenCalled();
  });

  it("steps up on mfa_required and re-runs the action once with the same arguments", async () => {
    const send = action(NEEDS_MFA, DONE);
    const seen: StepUpRequest[] = [];
    const result = await runThroughGate(
      createStepUpGate(),
      (request) => void seen.push(request),
      send,
      [5, "Ada"],
    );
    expect(result).toEqual(DONE);
    expect(send.mock.calls).toEqual([
      [5, "Ada"],
      [5, "Ada"],
    ]);
    expect(seen[0]).toMatchObject({
      reason: "mfa_required",
      mfaToken: "sealed",
      mfaRequirements: { enroll: [{ type: "otp" }] },
    });
  });

  it("gives back the first result when the user gives up, and never loops", async () => {
    const declined = action(NEEDS_MFA);
    await expect(
      runThroughGate(createStepUpGate(), () => false, declined, [1, "x"]),
    ).resolves.toEqual(NEEDS_MFA);
    expect(declined).toHaveBeenCalledTimes(1);

    const stubborn = action(NEEDS_MFA, NEEDS_MFA);
    const onStepUp = jest.fn(() => true);
    await expect(runThroughGate(createStepUpGate(), onStepUp, stubborn, [1, "x"])).resolves.toEqual(
      NEEDS_MFA,
    );
    expect(onStepUp).toHaveBeenCalledTimes(1);
    expect(stubborn).toHaveBeenCalledTimes(2);
  });

  it("does not step up for other errors", async () => {
    const failed: Result = {
      ok: false,
      error: { error: "too_many_attempts", error_description: "wait", retry_after: 30 },
    };
    const onStepUp = jest.fn();
    await expect(
      runThroughGate(createStepUpGate(), onStepUp, action(failed), [1, "x"]),
    ).resolves.toEqual(failed);
    expect(onStepUp).not.toHaveBeenCalled();
  });

  it("refuses a non-function as API misuse", async () => {
    await expect(
      runThroughGate(createStepUpGate(), () => true, "nope" as never, []),
    ).rejects.toBeInstanceOf(TypeError);
  });
});

describe("runThroughGate with calls that throw (mfa.* and the app's own)", () => {
  const required = () =>
    new MfaRequiredError(
      "sealed",
      { challenge: [{ type: "otp" }] },
      {
        operation: "deleteAuthenticator",
        authenticators: [{ id: "totp|1", authenticatorType: "otp", type: "otp", active: true }],
      },
    );

  /** A call answering from a script: an Error is thrown, anything else resolved. */
  function call(...outcomes: unknown[]) {
    return jest.fn(async (_id: string) => {
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    });
  }

  it("steps up on MfaRequiredError and calls again with the same arguments", async () => {
    const remove = call(required(), undefined);
    const seen: StepUpRequest[] = [];
    await expect(
      runThroughGate(createStepUpGate(), (r) => void seen.push(r), remove, ["totp|1"]),
    ).resolves.toBeUndefined();
    expect(remove.mock.calls).toEqual([["totp|1"], ["totp|1"]]);
    expect(seen[0]).toMatchObject({
      reason: "mfa_required",
      mfaToken: "sealed",
      authenticators: [{ id: "totp|1", type: "otp" }],
    });
  });

  it("throws the original MfaRequiredError when the user gives up", async () => {
    const error = required();
    const list = call(error);
    await expect(runThroughGate(createStepUpGate(), () => false, list, ["x"])).rejects.toBe(error);
    expect(list).toHaveBeenCalledTimes(1);
  });

  it("retries once: a second MfaRequiredError is the caller's", async () => {
    const second = required();
    const list = call(required(), second);
    const onStepUp = jest.fn(() => true);
    await expect(runThroughGate(createStepUpGate(), onStepUp, list, ["x"])).rejects.toBe(second);
    expect(onStepUp).toHaveBeenCalledTimes(1);
  });

  it("passes other errors and plain values through without a step-up", async () => {
    const onStepUp = jest.fn();
    const limited = new StepUpError("too_many_attempts");
    await expect(runThroughGate(createStepUpGate(), onStepUp, call(limited), ["x"])).rejects.toBe(
      limited,
    );
    // A value shaped like { ok: false } but not a wire error is not an action result.
    const lookalike = { ok: false, error: "nope" };
    await expect(
      runThroughGate(createStepUpGate(), onStepUp, call(lookalike), ["x"]),
    ).resolves.toBe(lookalike);
    expect(onStepUp).not.toHaveBeenCalled();
  });

  it("a rejecting onStepUp rejects the call with its reason, without a retry", async () => {
    const cancelled = new StepUpError("popup_cancelled");
    const list = call(required());
    await expect(
      runThroughGate(createStepUpGate(), () => Promise.reject(cancelled), list, ["x"]),
    ).rejects.toBe(cancelled);
    expect(list).toHaveBeenCalledTimes(1);
  });
});
