import { toWire, type WireEnrollBody } from "../../shared/wire.js";
import type { EnrollOptions } from "../../types/index.js";

/**
 * The body of the authorization server's `POST /mfa/associate` for
 * `options`, minus the token: the `factor` forms become Auth0's shape
 * (`authenticator_types` + `oob_channels`, its push channel being `auth0`).
 * On the server only: the browser sends the form it was given to the SDK's
 * route, which brings it here.
 */
export function issuerEnrollBody(options: EnrollOptions): WireEnrollBody {
  if (!("factor" in options)) return toWire(options);
  const { factor, ...rest } = options;
  const oob = factor !== "otp" && factor !== "webauthn";
  return toWire({
    authenticatorTypes: [oob ? "oob" : factor],
    // Auth0 calls its push channel `auth0` (Guardian).
    ...(oob ? { oobChannels: [factor === "push" ? "auth0" : factor] } : {}),
    ...rest,
  });
}
