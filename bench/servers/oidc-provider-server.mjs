// The peer for refresh-grant throughput: oidc-provider in its stock set-up
// (its in-memory adapter), configured like our issuer's refresh grant: refresh
// tokens rotated on every use, ES256 JWT access tokens for an API audience
// (resource indicators; our issuer's default algorithm), an RS256 key for ID
// tokens, and an ID token only when the request's scope has openid. Started as a child process
// by refresh-grants.mjs; prints one JSON line with what the load needs.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

const families = Number(process.argv[2] ?? 32);
const api = "https://api.example.com/payments";
const client = { client_id: "bench", client_secret: "bench-client-secret-0123456789" };

const keys = [
  ["RS256", generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey],
  ["ES256", generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey],
].map(([alg, key]) => ({ ...key.export({ format: "jwk" }), kid: alg, alg, use: "sig" }));

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(url, {
  clients: [
    {
      ...client,
      grant_types: ["authorization_code", "refresh_token"],
      redirect_uris: ["http://localhost:3000/auth/callback"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys },
  scopes: ["openid", "offline_access", "email", "payments:write"],
  rotateRefreshToken: true,
  // Explicit lifetimes (as a deployment sets them; also silences its notices).
  ttl: { Grant: 14 * 86400, RefreshToken: 14 * 86400, AccessToken: 600, IdToken: 3600 },
  findAccount: async (_ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, email: `${sub}@example.com`, email_verified: true }),
  }),
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => api,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: "payments:write",
        accessTokenFormat: "jwt",
        accessTokenTTL: 600,
        jwt: { sign: { alg: "ES256" } },
      }),
    },
  },
});
server.on("request", provider.callback());

// One grant and one refresh token per simulated session, made through the
// provider's own models (what its authorization_code grant would store).
const found = await provider.Client.find(client.client_id);
const authTime = Math.floor(Date.now() / 1000);
const refreshTokens = [];
for (let i = 0; i < families; i += 1) {
  const accountId = `user-${i}`;
  const grant = new provider.Grant({ accountId, clientId: client.client_id });
  grant.addOIDCScope("openid offline_access email");
  grant.addResourceScope(api, "payments:write");
  const grantId = await grant.save();
  const token = new provider.RefreshToken({
    accountId,
    client: found,
    grantId,
    gty: "authorization_code",
    scope: "openid offline_access email payments:write",
    resource: api,
    authTime,
    iiat: authTime,
  });
  refreshTokens.push(await token.save());
}

process.stdout.write(
  `${JSON.stringify({ url, tokenUrl: `${url}/token`, ...client, api, refreshTokens })}\n`,
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
