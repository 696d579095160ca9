import { requestJson } from "../../shared/request-json.js";
import { enrollmentFromWire, enrollOptionsToWire, type WireEnrollment } from "../../shared/wire.js";
import type { EnrollOptions, Enrollment } from "../../types/index.js";
import type { CookieJar } from "../cookies/cookie-jar.js";
import { issuerUrl, type Core } from "../core.js";
import { openContext } from "./open-context.js";

/** `POST /mfa/associate`: starts enrolling a factor; confirm it with `verify`. */
export async function enroll(
  core: Core,
  jar: CookieJar,
  options: EnrollOptions,
): Promise<Enrollment> {
  const { context } = await openContext(core, jar, options?.mfaToken, "enroll");
  const answer = await requestJson<WireEnrollment>(
    issuerUrl(core, "/mfa/associate"),
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${context.mfa_token}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify(enrollOptionsToWire(options)),
    },
    { fetch: core.oauth.fetch, operation: "enroll" },
  );
  return enrollmentFromWire(answer);
}
