import { z } from "zod";
import { enrollmentToWire, enrollOptionsFromWire } from "../../shared/wire.js";
import { enroll } from "../mfa/enroll.js";
import { assertSameOrigin } from "./origin-check.js";
import { readJsonBody, readOptionalBearer } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const phoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +15555550100");
const passkeyName = z.string().trim().min(1).max(64).optional();
const bodySchema = z.union([
  z.object({ authenticator_types: z.tuple([z.literal("otp")]) }).strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("oob")]),
      oob_channels: z.tuple([z.literal("email")]),
      // Absent: the signed-in user's own address.
      email: z.email().max(320).optional(),
    })
    .strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("oob")]),
      oob_channels: z.tuple([z.enum(["sms", "voice"])]),
      phone_number: phoneNumber,
    })
    .strict(),
  // Auth0's push channel (Guardian), and the issuer's development push.
  z
    .object({
      authenticator_types: z.tuple([z.literal("oob")]),
      oob_channels: z.tuple([z.literal("auth0")]),
    })
    .strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("webauthn")]),
      name: passkeyName,
    })
    .strict(),
  // The `factor` forms of EnrollOptions, as the browser's `mfa` sends them: the
  // server writes Auth0's shape for the issuer (issuer-enroll-body.ts).
  z.object({ factor: z.enum(["otp", "push"]) }).strict(),
  z.object({ factor: z.literal("email"), email: z.email().max(320).optional() }).strict(),
  z.object({ factor: z.enum(["sms", "voice"]), phone_number: phoneNumber }).strict(),
  z.object({ factor: z.literal("webauthn"), name: passkeyName }).strict(),
]);

/**
 * `POST /auth/mfa/associate`: enroll a factor (bearer + `{authenticator_types, …}`
 * or `{factor, …}`);
 * without a bearer, a further factor on the session (an MFA API token with
 * `enroll`, which may answer 403 `mfa_required` first).
 */
export const mfaAssociate: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  const mfaToken = readOptionalBearer(request);
  const body = await readJsonBody(request, bodySchema);
  const enrollment = await enroll(core, cookies, enrollOptionsFromWire(body, mfaToken));
  return json(enrollmentToWire(enrollment));
};
