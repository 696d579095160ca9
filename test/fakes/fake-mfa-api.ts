/**
 * The parts of PROTOCOL.md part A that the scripted fake issuer lacks, layered
 * over it: the MFA API management calls (bearer: an access token for
 * `{issuer}/mfa/`), oob enrollment and challenge, and the mfa-oob grant's
 * binding check. Everything else goes to the fake issuer.
 */
import type { AuthClientOptions } from "../../src/server/config.js";
import { FAKE_ISSUER } from "./fake-issuer.js";
import { createTestCore } from "./sign-in.js";

export const MFA_AUDIENCE = `${FAKE_ISSUER}/mfa/`;
export const OOB_CODE = "oob-code-1";
export const BINDING_CODE = "246810";

export interface FakeMfaApi {
  /** Ids removed through `DELETE /mfa/authenticators/{id}`, decoded. */
  deleted: string[];
  /** Every management call (DELETE/POST) with its bearer. */
  calls: Array<{ method: string; path: string; authorization: string | null }>;
  /** When set, the next management call answers this instead. */
  nextAnswer?: { status: number; body: unknown; headers?: Record<string, string> };
  /** Discovery fields merged into the fake's document. */
  discovery: Record<string, unknown>;
  recoveryCodes: string[];
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

function audienceOf(authorization: string | null): unknown {
  const jwt = (authorization ?? "").replace(/^Bearer /, "");
  try {
    return JSON.parse(atob(jwt.split(".")[1] ?? "")).aud;
  } catch {
    return undefined;
  }
}

/** createTestCore with the fake issuer extended by the MFA API management calls and oob. */
export function createMfaApiTestCore(options: Partial<AuthClientOptions> = {}) {
  const api: FakeMfaApi = {
    deleted: [],
    calls: [],
    // The issuer's extension, which Auth0 lacks (see capabilities.ts).
    discovery: { mfa_recovery_codes_endpoint: `${FAKE_ISSUER}/mfa/recovery-codes` },
    recoveryCodes: ["NEW1-CODE", "NEW2-CODE"],
  };
  let inner: typeof fetch = fetch;
  const outer: typeof fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = init?.method ?? "GET";
    const headers = new Headers(init?.headers);
    const body = init?.body ? String(init.body) : "";
    const management =
      (method === "DELETE" && url.pathname.startsWith("/mfa/authenticators/")) ||
      (method === "POST" && url.pathname === "/mfa/recovery-codes");
    if (management) {
      api.calls.push({ method, path: url.pathname, authorization: headers.get("authorization") });
      if (audienceOf(headers.get("authorization")) !== MFA_AUDIENCE) {
        return json(401, { error: "invalid_token", error_description: "not an MFA API token" });
      }
      if (api.nextAnswer) {
        const answer = api.nextAnswer;
        delete api.nextAnswer;
        return json(answer.status, answer.body, answer.headers);
      }
      if (method === "DELETE") {
        api.deleted.push(decodeURIComponent(url.pathname.slice("/mfa/authenticators/".length)));
        return new Response(null, { status: 204 });
      }
      return json(200, { recovery_codes: api.recoveryCodes });
    }
    if (
      url.pathname === "/mfa/associate" &&
      JSON.parse(body || "{}").authenticator_types?.[0] === "oob"
    ) {
      await inner(input, init);
      const { oob_channels: [channel] = [] } = JSON.parse(body) as { oob_channels?: string[] };
      return json(200, {
        authenticator_type: "oob",
        id: `${channel}|7`,
        oob_channel: channel,
        oob_code: OOB_CODE,
        binding_method: "prompt",
      });
    }
    if (url.pathname === "/mfa/challenge" && JSON.parse(body || "{}").challenge_type === "oob") {
      await inner(input, init);
      return json(200, { challenge_type: "oob", oob_code: OOB_CODE, binding_method: "prompt" });
    }
    const form = new URLSearchParams(body);
    if (
      url.pathname === "/oauth/token" &&
      form.get("grant_type") === "http://auth0.com/oauth/grant-type/mfa-oob" &&
      (form.get("oob_code") !== OOB_CODE || form.get("binding_code") !== BINDING_CODE)
    ) {
      return json(403, { error: "invalid_grant", error_description: "Wrong code" });
    }
    const answer = await inner(input, init);
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, { ...((await answer.json()) as object), ...api.discovery });
    }
    return answer;
  };
  const env = createTestCore({ fetch: outer, ...options });
  inner = env.fake.fetch;
  return { ...env, api };
}
