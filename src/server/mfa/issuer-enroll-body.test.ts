import { describe, expect, it } from "@jest/globals";
import type { EnrollOptions } from "../../types/index.js";
import { issuerEnrollBody } from "./issuer-enroll-body.js";

describe("the issuer's POST /mfa/associate body", () => {
  it.each<[EnrollOptions, object]>([
    [{ mfaToken: "t", factor: "otp" }, { authenticator_types: ["otp"] }],
    [{ factor: "email" }, { authenticator_types: ["oob"], oob_channels: ["email"] }],
    [
      { mfaToken: "t", factor: "email", email: "a@example.com" },
      { authenticator_types: ["oob"], oob_channels: ["email"], email: "a@example.com" },
    ],
    [
      { mfaToken: "t", factor: "sms", phoneNumber: "+15555550100" },
      { authenticator_types: ["oob"], oob_channels: ["sms"], phone_number: "+15555550100" },
    ],
    [
      { mfaToken: "t", factor: "voice", phoneNumber: "+15555550100" },
      { authenticator_types: ["oob"], oob_channels: ["voice"], phone_number: "+15555550100" },
    ],
    // Auth0 calls its push channel `auth0`.
    [
      { mfaToken: "t", factor: "push" },
      { authenticator_types: ["oob"], oob_channels: ["auth0"] },
    ],
    [
      { mfaToken: "t", factor: "webauthn", name: "Laptop" },
      { authenticator_types: ["webauthn"], name: "Laptop" },
    ],
    [{ factor: "webauthn" }, { authenticator_types: ["webauthn"] }],
  ])("%j → %j", (options, body) => {
    expect(issuerEnrollBody(options)).toStrictEqual(body);
  });

  it("passes Auth0's own shape through, minus the token", () => {
    expect(
      issuerEnrollBody({
        mfaToken: "t",
        authenticatorTypes: ["oob"],
        oobChannels: ["sms"],
        phoneNumber: "+15555550100",
      }),
    ).toStrictEqual({
      authenticator_types: ["oob"],
      oob_channels: ["sms"],
      phone_number: "+15555550100",
    });
  });
});
