import { createHash, randomBytes } from "node:crypto";
import type { TestIssuer } from "./start-test-issuer.js";
import { signInThroughHostedLogin } from "./sign-in.js";

export interface SignInForTokensOptions {
  scope?: string;
  audience?: string;
}

/** What signInForTokens needs of an issuer: a TestIssuer, or any issuer reached through `fetch`. */
export type SignInTarget = Pick<
  TestIssuer,
  "url" | "fetch" | "clientId" | "clientSecret" | "redirectUri" | "user"
>;

/** The token endpoint's JSON answer (snake_case, as on the wire). */
export interface TokenAnswer {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
  [extra: string]: unknown;
}

/**
 * Logs the test user in through the hosted page and exchanges the code (PKCE
 * S256), as an app would: a shortcut for tests that start from a signed-in user.
 */
export async function signInForTokens(
  testIssuer: SignInTarget,
  options: SignInForTokensOptions = {},
): Promise<TokenAnswer> {
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(`${testIssuer.url}/authorize`);
  authorize.search = new URLSearchParams({
    client_id: testIssuer.clientId,
    redirect_uri: testIssuer.redirectUri,
    response_type: "code",
    scope: options.scope ?? "openid profile email offline_access",
    state: randomBytes(8).toString("base64url"),
    nonce: randomBytes(8).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...(options.audience ? { audience: options.audience } : {}),
  }).toString();
  const callback = await signInThroughHostedLogin({
    authorizeUrl: authorize.toString(),
    fetch: testIssuer.fetch,
    email: testIssuer.user.email,
    password: testIssuer.user.password,
  });
  const code = new URL(callback).searchParams.get("code");
  if (!code) throw new TypeError(`No code in ${callback}`);
  const response = await testIssuer.fetch(`${testIssuer.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: testIssuer.redirectUri,
      code_verifier: verifier,
      client_id: testIssuer.clientId,
      client_secret: testIssuer.clientSecret,
    }),
  });
  const body = (await response.json()) as TokenAnswer;
  if (!response.ok) throw new TypeError(`Code exchange failed: ${JSON.stringify(body)}`);
  return body;
}
