import { describe, expect, it } from "@jest/globals";
import { decodeProtectedHeader, generateKeyPair, jwtVerify } from "jose";
import { SIGNING_ALGS } from "./signing-key.js";
import { signJwt } from "./sign-jwt.js";

describe("signJwt", () => {
  for (const alg of SIGNING_ALGS) {
    it(`signs a JWT that jose verifies with the ${alg} public key`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const claims = { sub: "u1", aud: "https://api.test", amr: ["pwd", "mfa"], name: "Zoë" };
      const jwt = signJwt({ kid: "k1", alg, privateKey }, "at+jwt", claims);
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: "k1", typ: "at+jwt" });
      const { payload } = await jwtVerify(jwt, publicKey, { algorithms: [alg], typ: "at+jwt" });
      expect(payload).toEqual(claims);
    });
  }

  it("makes a signature another key refuses", async () => {
    const signer = await generateKeyPair("ES256");
    const other = await generateKeyPair("ES256");
    const jwt = signJwt({ kid: "k1", alg: "ES256", privateKey: signer.privateKey }, "JWT", {});
    await expect(jwtVerify(jwt, other.publicKey)).rejects.toMatchObject({
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });
});
