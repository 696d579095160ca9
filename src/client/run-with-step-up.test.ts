import { describe, expect, it, jest } from "@jest/globals";
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
});
