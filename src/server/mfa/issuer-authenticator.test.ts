import { describe, expect, it } from "@jest/globals";
import { authenticatorToWire } from "../../shared/wire.js";
import { authenticatorFromIssuer, factorTypeOf } from "./issuer-authenticator.js";

describe("an authorization server's authenticator listing", () => {
  it.each([
    ["otp", undefined, "totp|1", "otp"],
    ["oob", "email", "x|1", "email"],
    ["oob", "sms", "x|1", "sms"],
    ["oob", "voice", "x|1", "voice"],
    ["oob", "auth0", "x|1", "push"],
    ["oob", undefined, "email|1", "email"],
    ["oob", undefined, "sms|1", "sms"],
    ["oob", undefined, "push|1", "push"],
    ["oob", undefined, "x|1", "unknown"],
    ["oob", "carrier-pigeon", "x|1", "unknown"],
    ["recovery-code", undefined, "recovery-code|1", "recovery-code"],
    ["webauthn", undefined, "webauthn|1", "webauthn"],
    ["webauthn-roaming", undefined, "webauthn-roaming|1", "unknown"],
  ] as const)("%s/%s/%s → %s", (type, channel, id, expected) => {
    expect(factorTypeOf(type, channel, id)).toBe(expected);
  });

  it("reads Auth0's channel list as the one channel, and absent `active` as usable", () => {
    expect(
      authenticatorFromIssuer({
        id: "push|dev",
        authenticator_type: "oob",
        oob_channels: ["auth0"],
      }),
    ).toEqual({
      id: "push|dev",
      authenticatorType: "oob",
      type: "push",
      oobChannel: "auth0",
      active: true,
    });
    expect(
      authenticatorFromIssuer({ id: "sms|1", authenticator_type: "oob", oob_channels: "sms" }),
    ).toMatchObject({ type: "sms", oobChannel: "sms" });
  });

  it("keeps a type neither vocabulary knows, as `unknown`", () => {
    expect(authenticatorFromIssuer({ id: "x|1", authenticator_type: "<script>" })).toEqual({
      id: "x|1",
      authenticatorType: "<script>",
      type: "unknown",
      active: true,
    });
  });

  it("answers the browser in the routes' wire shape, its type read already", () => {
    const listed = {
      id: "webauthn|k",
      authenticator_type: "webauthn",
      name: "Laptop",
      created_at: "2024-01-01T00:00:00Z",
      backup_eligible: true,
      backed_up: false,
    };
    expect(authenticatorToWire(authenticatorFromIssuer(listed))).toStrictEqual({
      ...listed,
      type: "webauthn",
      active: true,
    });
  });
});
