import { requestJson } from "../../shared/request-json.js";
import {
  challengeFromWire,
  challengeOptionsToWire,
  type WireChallenge,
} from "../../shared/wire.js";
import type { Challenge, ChallengeOptions } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { openContext } from "./open-context.js";

/** `POST /mfa/challenge` (client-authenticated, the raw mfa_token in the body as Auth0 expects). */
export async function challenge(
  core: Core,
  jar: CookieJar,
  options: ChallengeOptions,
): Promise<Challenge> {
  const { context } = await openContext(core, jar, options?.mfaToken, "challenge");
  const answer = await requestJson<WireChallenge>(
    issuerUrl(core, "/mfa/challenge"),
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: core.config.clientId,
        client_secret: core.config.clientSecret,
        mfa_token: context.mfa_token,
        ...challengeOptionsToWire(options),
      }),
    },
    { fetch: core.oauth.fetch, operation: "challenge" },
  );
  return challengeFromWire(answer);
}
