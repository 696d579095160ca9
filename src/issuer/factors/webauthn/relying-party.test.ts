import { describe, expect, it } from "@jest/globals";
import type { IssuerDeps, WebAuthnSettings } from "../../deps.js";
import { passkeyAmr } from "./amr.js";
import { hostedRelyingParty, relyingPartyFor } from "./relying-party.js";

function deps(issuer: string, webauthn: Partial<WebAuthnSettings> = {}): IssuerDeps {
  const clients = [
    {
      clientId: "app",
      clientSecret: "s",
      redirectUris: ["https://app.example.com/auth/callback", "https://www.app.example.com/cb"],
    },
    { clientId: "local", clientSecret: "s", redirectUris: ["http://localhost:3010/auth/callback"] },
  ];
  return {
    issuer,
    clients: new Map(clients.map((client) => [client.clientId, client])),
    webauthn: { rpName: "Acme", userVerification: "required", ...webauthn },
  } as unknown as IssuerDeps;
}

describe("relyingPartyFor", () => {
  it("defaults to the host of the client's first redirect URI, its origins and the issuer's within it", () => {
    expect(relyingPartyFor(deps("https://login.app.example.com"), "app")).toEqual({
      id: "app.example.com",
      name: "Acme",
      origins: [
        "https://app.example.com",
        "https://www.app.example.com",
        "https://login.app.example.com",
      ],
      userVerification: "required",
    });
  });

  it("leaves out an issuer on another registrable domain (a browser would refuse it anyway)", () => {
    expect(relyingPartyFor(deps("https://auth.other.test"), "app")?.origins).toEqual([
      "https://app.example.com",
      "https://www.app.example.com",
    ]);
  });

  it("localhost: app and issuer on different ports share the RP ID", () => {
    expect(relyingPartyFor(deps("http://localhost:4010"), "local")).toMatchObject({
      id: "localhost",
      origins: ["http://localhost:3010", "http://localhost:4010"],
    });
  });

  it("takes the configured RP ID, origins and user verification", () => {
    const configured = deps("https://id.example.com", {
      rpId: "example.com",
      origins: ["https://pay.example.com", "https://evil.test"],
      userVerification: "preferred",
    });
    expect(relyingPartyFor(configured, "app")).toMatchObject({
      id: "example.com",
      origins: ["https://pay.example.com"],
      userVerification: "preferred",
    });
  });

  it("knows no party for an unknown client", () => {
    expect(relyingPartyFor(deps("https://x.test"), "nobody")).toBeUndefined();
  });
});

describe("hostedRelyingParty", () => {
  it("is the client's party answered by the issuer's origin alone, when the issuer is within the RP ID", () => {
    expect(hostedRelyingParty(deps("https://login.app.example.com"), "app")).toMatchObject({
      id: "app.example.com",
      origins: ["https://login.app.example.com"],
    });
  });

  it("is undefined for an issuer on another registrable domain", () => {
    expect(hostedRelyingParty(deps("https://auth.other.test"), "app")).toBeUndefined();
  });
});

describe("passkeyAmr (RFC 8176)", () => {
  it.each([
    ["singleDevice", "hwk"],
    ["multiDevice", "swk"],
  ] as const)("%s → %s", (deviceType, amr) => {
    expect(passkeyAmr(deviceType)).toBe(amr);
  });
});
