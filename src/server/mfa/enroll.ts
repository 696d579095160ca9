import { codedError } from "../../errors/nextjs-auth0-errors.js";
import { enrollmentFromWire, type WireEnrollment } from "../../shared/wire.js";
import { issuerEnrollBody } from "./issuer-enroll-body.js";
import type { EnrollOptions, Enrollment } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import type { Core } from "../core.js";
import { issuerRequest } from "./issuer-request.js";
import { getMfaApiToken } from "./mfa-api-token.js";
import { openContext } from "./open-context.js";

/**
 * `POST /mfa/associate`: starts enrolling a factor; confirm it with `verify`.
 * With `mfaToken` the bearer is the step-up's raw mfa_token (a first factor,
 * or a chained one); without, an MFA API token with `enroll` taken for the
 * session (Auth0's way to add a further factor:
 * https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator),
 * which steps up when the issuer wants a fresh MFA. An email factor without an
 * address uses the signed-in user's own.
 * @throws StepUpError `invalid_request` (no address), `unauthorized`, the context
 *   codes, MfaRequiredError (session: MFA too old), or the issuer's code
 *   (`already_enrolled`, `unsupported_challenge_type`, …)
 */
export async function enroll(
  core: Core,
  jar: CookieJar,
  options: EnrollOptions,
): Promise<Enrollment> {
  const body = issuerEnrollBody(options);
  const onSession = options?.mfaToken === undefined;
  const bearer = onSession
    ? await getMfaApiToken(core, jar, "enroll")
    : (await openContext(core, jar, options.mfaToken!, "enroll")).context.mfa_token;
  if (body.oob_channels?.[0] === "email" && body.email === undefined) {
    const email = (await core.sessions.read(jar))?.user.email;
    if (typeof email !== "string" || email === "") {
      throw codedError("invalid_request", 'Missing "email": the user has no address', {
        operation: "enroll",
      });
    }
    body.email = email;
  }
  const answer = await issuerRequest<WireEnrollment>(
    core,
    "/mfa/associate",
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${bearer}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      // Auth0 asks for the client's credentials here too, as for /mfa/challenge
      // (https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator).
      body: JSON.stringify({
        client_id: core.config.clientId,
        client_secret: core.config.clientSecret,
        ...body,
      }),
    },
    "enroll",
  );
  return enrollmentFromWire(answer);
}
