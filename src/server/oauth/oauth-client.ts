import * as oauth from "oauth4webapi";
import type { MfaOperation } from "../../errors/index.js";
import type { ResolvedConfig } from "../config.js";
import { createIssuerFetch } from "./issuer-fetch.js";
import { toStepUpError } from "./oauth-error.js";

/** What the SDK asks of the authorization server, over oauth4webapi. */
export interface OAuthClient {
  /** Discovery metadata, fetched once; a failed attempt is retried on the next call. */
  getServer(): Promise<oauth.AuthorizationServer>;
  /** Client authentication for `POST /oauth/token` and other client-authenticated calls. */
  clientAuth: oauth.ClientAuth;
  clientMetadata(): oauth.Client;
  /** Options for every oauth4webapi request: the injected fetch, and the http:// allowance. */
  requestOptions(): { [oauth.customFetch]: typeof fetch; [oauth.allowInsecureRequests]?: boolean };
  /** `fetch` with the `httpTimeout` deadline and transport failures as coded errors. */
  fetch: typeof fetch;
  refresh(
    refreshToken: string,
    params: { audience: string; scope?: string; maxAge?: number },
  ): Promise<oauth.TokenEndpointResponse>;
  /**
   * Revokes a refresh token (RFC 7009 §2.1, with client authentication); the
   * issuer then revokes its whole family. Nothing to do when the server
   * names no `revocation_endpoint`.
   * @throws StepUpError (operation "logout") when the server cannot be reached or refuses.
   */
  revoke(refreshToken: string): Promise<void>;
  /** A token-endpoint grant by name (the MFA grants of PROTOCOL.md). */
  grant(
    grantType: string,
    params: Record<string, string>,
    operation: MfaOperation,
  ): Promise<oauth.TokenEndpointResponse>;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * oauth4webapi refuses http:// endpoints, rightly. We lift that only where
 * plain HTTP cannot leave the machine: loopback hosts (the issuer of
 * `npm run example`), and the reserved `.test` TLD (RFC 6761 §6.2) when a
 * custom fetch is injected, i.e. the in-process test issuer that no network
 * ever sees.
 */
export function allowsInsecureRequests(issuer: URL, injectedFetch: boolean): boolean {
  if (issuer.protocol !== "http:") return false;
  return LOOPBACK.has(issuer.hostname) || (injectedFetch && issuer.hostname.endsWith(".test"));
}

export function createOAuthClient(config: ResolvedConfig): OAuthClient {
  const baseFetch = config.fetch;
  const insecure = allowsInsecureRequests(config.issuerBaseUrl, baseFetch !== undefined);
  const wrappedFetch = createIssuerFetch(baseFetch, config.httpTimeout);
  const requestOptions = () => ({
    [oauth.customFetch]: wrappedFetch,
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
  });
  // oauth4webapi checks ID token iat/exp against its own clock; an injected
  // clock (tests that advance time) is reflected through clockSkew.
  const clientMetadata = (): oauth.Client => ({
    client_id: config.clientId,
    [oauth.clockSkew]: Math.round((config.clock() - Date.now()) / 1000),
  });
  const clientAuth = oauth.ClientSecretPost(config.clientSecret);

  let server: Promise<oauth.AuthorizationServer> | undefined;
  const getServer = () => {
    server ??= (async () => {
      const response = await oauth.discoveryRequest(config.issuerBaseUrl, requestOptions());
      return oauth.processDiscoveryResponse(config.issuerBaseUrl, response);
    })().catch((error: unknown) => {
      server = undefined;
      throw toStepUpError(error, "login");
    });
    return server;
  };

  return {
    getServer,
    clientAuth,
    clientMetadata,
    requestOptions,
    fetch: wrappedFetch,
    async refresh(refreshToken, params) {
      const as = await getServer();
      try {
        const response = await oauth.refreshTokenGrantRequest(
          as,
          clientMetadata(),
          clientAuth,
          refreshToken,
          {
            ...requestOptions(),
            additionalParameters: {
              audience: params.audience,
              ...(params.scope ? { scope: params.scope } : {}),
              ...(params.maxAge !== undefined ? { max_age: String(params.maxAge) } : {}),
            },
          },
        );
        return await oauth.processRefreshTokenResponse(as, clientMetadata(), response);
      } catch (error) {
        throw toStepUpError(error, "getAccessToken");
      }
    },
    async revoke(refreshToken) {
      const as = await getServer();
      if (!as.revocation_endpoint) return;
      try {
        const response = await oauth.revocationRequest(
          as,
          clientMetadata(),
          clientAuth,
          refreshToken,
          { ...requestOptions(), additionalParameters: { token_type_hint: "refresh_token" } },
        );
        await oauth.processRevocationResponse(response);
      } catch (error) {
        throw toStepUpError(error, "logout");
      }
    },
    async grant(grantType, params, operation) {
      const as = await getServer();
      try {
        const response = await oauth.genericTokenEndpointRequest(
          as,
          clientMetadata(),
          clientAuth,
          grantType,
          params,
          requestOptions(),
        );
        return await oauth.processGenericTokenEndpointResponse(as, clientMetadata(), response);
      } catch (error) {
        throw toStepUpError(error, operation);
      }
    },
  };
}
