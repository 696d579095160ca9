import { describe, expect, it, jest } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import type { MfaApi } from "../../types/index.js";
import { enrollPasskey, verifyWithPasskey } from "./passkey-helpers.js";

/** An MFA client whose calls are recorded; each test says what they answer. */
function fakeClient(overrides: Partial<MfaApi>): MfaApi & { calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string, answer: (...args: never[]) => Promise<unknown>) =>
    (...args: never[]) => {
      calls.push(name);
      return answer(...args);
    };
  const unexpected = () => Promise.reject(new Error("unexpected call"));
  return {
    calls,
    getAuthenticators: record("getAuthenticators", unexpected),
    enroll: record("enroll", overrides.enroll ?? unexpected),
    challenge: record("challenge", overrides.challenge ?? unexpected),
    verify: record("verify", overrides.verify ?? unexpected),
    deleteAuthenticator: record("deleteAuthenticator", unexpected),
    renameAuthenticator: record("renameAuthenticator", unexpected),
    regenerateRecoveryCodes: record("regenerateRecoveryCodes", unexpected),
    getEnrollmentFactors: record("getEnrollmentFactors", unexpected),
  } as MfaApi & { calls: string[] };
}

// Jest runs in Node, which has no WebAuthn: the prompt is refused before it opens.
describe("enrollPasskey / verifyWithPasskey", () => {
  it("asks for a webauthn enrollment, then refuses a browser without WebAuthn (passkey_not_allowed)", async () => {
    const enroll = jest.fn<MfaApi["enroll"]>(async () => ({
      authenticatorType: "webauthn",
      oobCode: "o",
      options: {
        challenge: "c",
        rp: { name: "A" },
        user: { id: "u", name: "n", displayName: "n" },
        pubKeyCredParams: [],
      },
    }));
    const client = fakeClient({ enroll });
    await expect(enrollPasskey({ mfaToken: "T", name: "Laptop", client })).rejects.toMatchObject({
      code: "passkey_not_allowed",
      operation: "enroll",
    });
    expect(enroll).toHaveBeenCalledWith({ mfaToken: "T", factor: "webauthn", name: "Laptop" });
    expect(client.calls).toEqual(["enroll"]);
  });

  it("refuses an enrollment of another kind as invalid_response", async () => {
    const client = fakeClient({
      enroll: async () => ({ authenticatorType: "otp", secret: "S", barcodeUri: "otpauth://x" }),
    });
    await expect(enrollPasskey({ mfaToken: "T", client })).rejects.toMatchObject({
      code: "invalid_response",
    });
  });

  it("turns 'no passkey for this step-up' into passkey_no_credential", async () => {
    const client = fakeClient({
      challenge: async () => {
        throw new StepUpError("unsupported_challenge_type", "No passkey");
      },
    });
    const error = await verifyWithPasskey({ mfaToken: "T", client }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "passkey_no_credential",
      status: 400,
      operation: "challenge",
    });
    expect((error as Error).cause).toMatchObject({ code: "unsupported_challenge_type" });
  });

  it("passes other challenge errors through, and asks for the chosen passkey", async () => {
    const challenge = jest.fn<MfaApi["challenge"]>(async () => {
      throw new StepUpError("mfa_token_expired");
    });
    const client = fakeClient({ challenge });
    await expect(
      verifyWithPasskey({ mfaToken: "T", authenticatorId: "webauthn|k", client }),
    ).rejects.toMatchObject({ code: "mfa_token_expired" });
    expect(challenge).toHaveBeenCalledWith({
      mfaToken: "T",
      challengeType: "webauthn",
      authenticatorId: "webauthn|k",
    });
  });
});
