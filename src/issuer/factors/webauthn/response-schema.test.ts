import { describe, expect, it } from "@jest/globals";
import { isStepUpError } from "../../../errors/index.js";
import { parseAuthenticationResponse, parseRegistrationResponse } from "./response-schema.js";

const assertion = {
  id: "Y3JlZA",
  rawId: "Y3JlZA",
  type: "public-key",
  response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "MEUC" },
};
const registration = {
  id: "Y3JlZA",
  rawId: "Y3JlZA",
  type: "public-key",
  response: {
    clientDataJSON: "e30",
    attestationObject: "o2Nm",
    transports: ["internal", "hybrid"],
  },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isStepUpError(error) ? error.code : "not a StepUpError";
  }
}

describe("webauthn_response parsing", () => {
  it("accepts the JSON shapes of @simplewebauthn/browser, extension results defaulting to {}", () => {
    expect(parseAuthenticationResponse(JSON.stringify(assertion))).toEqual({
      ...assertion,
      clientExtensionResults: {},
    });
    expect(parseRegistrationResponse(JSON.stringify(registration)).response.transports).toEqual([
      "internal",
      "hybrid",
    ]);
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["another credential type", JSON.stringify({ ...assertion, type: "password" })],
    ["padding or non-base64url characters", JSON.stringify({ ...assertion, id: "Y3JlZA==" })],
    [
      "a missing signature",
      JSON.stringify({
        ...assertion,
        response: { clientDataJSON: "e30", authenticatorData: "AAAA" },
      }),
    ],
    [
      "an oversized client data",
      JSON.stringify({
        ...assertion,
        response: { ...assertion.response, clientDataJSON: "a".repeat(5000) },
      }),
    ],
    ["a registration in place of an assertion", JSON.stringify(registration)],
    [
      "a non-string user handle",
      JSON.stringify({ ...assertion, response: { ...assertion.response, userHandle: 7 } }),
    ],
  ])("refuses %s as an assertion: invalid_request", (_name, json) => {
    expect(codeOf(() => parseAuthenticationResponse(json))).toBe("invalid_request");
  });

  it.each([
    ["an assertion in place of a registration", JSON.stringify(assertion)],
    [
      "too many transports",
      JSON.stringify({
        ...registration,
        response: { ...registration.response, transports: Array(11).fill("usb") },
      }),
    ],
    ["a null", "null"],
  ])("refuses %s as a registration: invalid_request", (_name, json) => {
    expect(codeOf(() => parseRegistrationResponse(json))).toBe("invalid_request");
  });
});
