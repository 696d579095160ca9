import { describe, expect, it } from "@jest/globals";
import type { EnrollOptions } from "../types/index.js";
import {
  authenticatorFromWire,
  authenticatorToWire,
  enrollmentFromWire,
  enrollmentToWire,
  enrollOptionsFromWire,
  enrollOptionsToWire,
  verifyOptionsFromWire,
  verifyOptionsToWire,
  verifyResultFromWire,
} from "./wire.js";

describe("wire ↔ camelCase", () => {
  it("writes every authenticator field in snake_case, with its factor type", () => {
    const full = {
      id: "sms|2",
      authenticator_type: "oob" as const,
      type: "sms" as const,
      oob_channel: "sms" as const,
      name: "+1 ***-***-0142",
      active: true,
      created_at: "2024-01-01T00:00:00Z",
      last_auth: "2024-02-01T00:00:00Z",
    };
    expect(authenticatorToWire(authenticatorFromWire(full))).toStrictEqual(full);
    expect(
      authenticatorToWire({ id: "totp|1", authenticatorType: "otp", type: "otp", active: true }),
    ).toStrictEqual({ id: "totp|1", authenticator_type: "otp", type: "otp", active: true });
  });

  it("round-trips an authenticator", () => {
    const wire = {
      id: "email|1",
      authenticator_type: "oob" as const,
      type: "email" as const,
      oob_channel: "email" as const,
      name: "me",
      active: false,
      created_at: "2024",
    };
    const value = authenticatorFromWire(wire);
    expect(value).toEqual({
      id: "email|1",
      authenticatorType: "oob",
      type: "email",
      oobChannel: "email",
      name: "me",
      active: false,
      createdAt: "2024",
    });
    expect(authenticatorToWire(value)).toEqual(wire);
  });

  it("round-trips enrollments and enroll options", () => {
    const otp = {
      authenticator_type: "otp" as const,
      id: "totp|1",
      secret: "S",
      barcode_uri: "otpauth://x",
      recovery_codes: ["A"],
    };
    expect(enrollmentToWire(enrollmentFromWire(otp))).toEqual(otp);
    expect(enrollmentFromWire(otp)).toMatchObject({
      barcodeUri: "otpauth://x",
      recoveryCodes: ["A"],
    });
    const sms: EnrollOptions = {
      mfaToken: "t",
      authenticatorTypes: ["oob"],
      oobChannels: ["sms"],
      phoneNumber: "+15555550100",
    };
    const body = enrollOptionsToWire(sms);
    expect(body).toEqual({
      authenticator_types: ["oob"],
      oob_channels: ["sms"],
      phone_number: "+15555550100",
    });
    expect(enrollOptionsFromWire(body, "t")).toEqual(sms);
  });

  it("maps each verify proof", () => {
    expect(verifyOptionsToWire({ mfaToken: "t", otp: "1" })).toEqual({ otp: "1" });
    expect(verifyOptionsToWire({ mfaToken: "t", recoveryCode: "R" })).toEqual({
      recovery_code: "R",
    });
    expect(verifyOptionsToWire({ mfaToken: "t", oobCode: "o", bindingCode: "b" })).toEqual({
      oob_code: "o",
      binding_code: "b",
    });
    expect(verifyOptionsFromWire({ recovery_code: "R" }, "t")).toEqual({
      mfaToken: "t",
      recoveryCode: "R",
    });
    expect(verifyResultFromWire({ success: true, recovery_codes_remaining: 0 })).toEqual({
      success: true,
      recoveryCodesRemaining: 0,
    });
  });
});

describe("wire ↔ camelCase: passkeys", () => {
  const options = {
    challenge: "Y2g",
    rp: { id: "app.test", name: "App" },
    user: { id: "dQ", name: "a@b.c", displayName: "A" },
    pubKeyCredParams: [{ type: "public-key" as const, alg: -7 }],
    authenticatorSelection: {
      residentKey: "preferred" as const,
      userVerification: "required" as const,
    },
  };

  it("keeps WebAuthn options exactly as the issuer sent them", () => {
    const wire = {
      authenticator_type: "webauthn" as const,
      id: "webauthn|k",
      oob_code: "o",
      options,
      recovery_codes: ["R"],
    };
    const enrollment = enrollmentFromWire(wire);
    expect(enrollment).toEqual({
      authenticatorType: "webauthn",
      id: "webauthn|k",
      oobCode: "o",
      options,
      recoveryCodes: ["R"],
    });
    expect(enrollmentToWire(enrollment)).toEqual(wire);
  });

  it("enrolls a passkey with its name, and reads its backup flags", () => {
    // The `factor` form goes to the SDK route as it is (the server writes Auth0's shape).
    const passkey = { mfaToken: "t", factor: "webauthn", name: "Laptop" } as const;
    expect(enrollOptionsToWire(passkey)).toEqual({ factor: "webauthn", name: "Laptop" });
    expect(enrollOptionsFromWire(enrollOptionsToWire(passkey), "t")).toEqual(passkey);
    expect(enrollOptionsToWire({ factor: "push" })).toEqual({ factor: "push" });
    expect(
      authenticatorFromWire({
        id: "webauthn|k",
        authenticator_type: "webauthn",
        type: "webauthn",
        name: "Laptop",
        active: true,
        backup_eligible: true,
        backed_up: false,
      }),
    ).toEqual({
      id: "webauthn|k",
      authenticatorType: "webauthn",
      type: "webauthn",
      name: "Laptop",
      active: true,
      backupEligible: true,
      backedUp: false,
    });
  });

  it("sends a passkey's answer as JSON text, whether given as an object or as text", () => {
    const answer = { id: "x", rawId: "x", type: "public-key", response: { clientDataJSON: "e30" } };
    const asObject = verifyOptionsToWire({
      mfaToken: "t",
      oobCode: "o",
      webauthnResponse: answer as never,
    });
    expect(asObject).toEqual({ oob_code: "o", webauthn_response: JSON.stringify(answer) });
    expect(verifyOptionsToWire({ mfaToken: "t", oobCode: "o", webauthnResponse: "{}" })).toEqual({
      oob_code: "o",
      webauthn_response: "{}",
    });
    expect(verifyOptionsFromWire({ oob_code: "o", webauthn_response: "{}" }, "t")).toEqual({
      mfaToken: "t",
      oobCode: "o",
      webauthnResponse: "{}",
    });
  });
});
