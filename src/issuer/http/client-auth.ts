import { StepUpError } from "../../errors/index.js";
import { safeEqual } from "../crypto/hash.js";
import type { IssuerDeps } from "../deps.js";
import type { IssuerClient } from "../options.js";
import type { Params } from "./body.js";

/**
 * Authenticates the client by client_secret_basic or client_secret_post
 * (RFC 6749 §2.3.1), comparing secrets in constant time. Using both at once is
 * refused, as the RFC asks.
 * @throws invalid_client (401)
 */
export function authenticateClient(
  request: Request,
  params: Params,
  deps: IssuerDeps,
): IssuerClient {
  const basic = parseBasic(request.headers.get("authorization"));
  const postId = typeof params.client_id === "string" ? params.client_id : undefined;
  const postSecret = typeof params.client_secret === "string" ? params.client_secret : undefined;
  if (basic && postSecret !== undefined) {
    throw new StepUpError("invalid_client", "Use one client authentication method");
  }
  const clientId = basic?.clientId ?? postId;
  const secret = basic?.secret ?? postSecret;
  if (basic && postId !== undefined && postId !== basic.clientId) {
    throw new StepUpError("invalid_client", "client_id does not match the credentials");
  }
  const client = clientId ? deps.clients.get(clientId) : undefined;
  // Compare even for an unknown client, so timing does not reveal valid ids.
  const ok =
    safeEqual(secret ?? "", client?.clientSecret ?? "\u0000unknown-client") && client && secret;
  if (!ok || !client) throw new StepUpError("invalid_client");
  return client;
}

function parseBasic(header: string | null): { clientId: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    throw new StepUpError("invalid_client", "Malformed Basic credentials");
  }
  const index = decoded.indexOf(":");
  if (index < 0) throw new StepUpError("invalid_client", "Malformed Basic credentials");
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unescape = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, " "));
    } catch {
      throw new StepUpError("invalid_client", "Malformed Basic credentials");
    }
  };
  return {
    clientId: unescape(decoded.slice(0, index)),
    secret: unescape(decoded.slice(index + 1)),
  };
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
