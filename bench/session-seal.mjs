// Session cookie sealing on the per-request path: our codec (jose JWE,
// dir + A256GCM, key derived once) against iron-session's sealData/unsealData
// (which derive their keys on every call). Both seal the same realistic
// session: a user, an ID token, a refresh token and two access tokens.
import { sealData, unsealData } from "iron-session";
import { importSealKey, seal, unseal } from "../dist/server/session/seal.js";
import { measureInterleaved } from "./measure.mjs";

const secret = "a-benchmark-secret-of-at-least-32-characters";
const jwt = "eyJhbGciOiJSUzI1NiJ9." + "x".repeat(600) + "." + "y".repeat(342);
const session = {
  sid: "0123456789abcdef0123456789abcdef",
  user: { sub: "user|123", email: "demo@example.com", name: "Demo User" },
  idToken: jwt,
  refreshToken: "r".repeat(43),
  tokenSets: [
    {
      audience: "https://issuer.example/userinfo",
      scope: "openid profile email",
      accessToken: jwt,
      expiresAt: 2_000_000_000,
    },
    {
      audience: "https://api.example.com/payments",
      scope: "payments:write",
      accessToken: jwt,
      expiresAt: 2_000_000_000,
    },
  ],
  createdAt: 1_700_000_000,
};

export async function benchSessionSeal(report) {
  const key = await importSealKey(secret, "next-stepup session");
  const joseSealed = await seal(session, key);
  const ironSealed = await sealData(session, { password: secret, ttl: 0 });

  const sealing = await measureInterleaved([
    ["next-stepup seal (jose JWE, cached key)", () => seal(session, key)],
    ["iron-session sealData", () => sealData(session, { password: secret, ttl: 0 })],
  ]);
  const opening = await measureInterleaved([
    ["next-stepup unseal (jose JWE, cached key)", () => unseal(joseSealed, key)],
    ["iron-session unsealData", () => unsealData(ironSealed, { password: secret, ttl: 0 })],
  ]);
  for (const row of [...sealing, ...opening]) report.row(row);
  report.compare("seal vs iron-session", sealing[0].opsPerSecond, sealing[1].opsPerSecond);
  report.compare("unseal vs iron-session", opening[0].opsPerSecond, opening[1].opsPerSecond);
  report.row({
    name: `sealed size: jose ${joseSealed.length} chars, iron ${ironSealed.length} chars`,
  });
}
