import { z } from "zod";
import { enrollmentToWire, enrollOptionsFromWire } from "../../shared/wire.js";
import { enroll } from "../mfa/enroll.js";
import { assertSameOrigin } from "./origin-check.js";
import { readBearer, readJsonBody } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const bodySchema = z.union([
  z.object({ authenticator_types: z.tuple([z.literal("otp")]) }).strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("oob")]),
      oob_channels: z.tuple([z.literal("email")]),
      email: z.email().max(320),
    })
    .strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("oob")]),
      oob_channels: z.tuple([z.literal("sms")]),
      phone_number: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164, e.g. +15555550100"),
    })
    .strict(),
  z
    .object({
      authenticator_types: z.tuple([z.literal("webauthn")]),
      name: z.string().trim().min(1).max(64).optional(),
    })
    .strict(),
]);

/** `POST /auth/mfa/associate`: enroll a factor (bearer + `{authenticator_types, …}`). */
export const mfaAssociate: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  const mfaToken = readBearer(request);
  const body = await readJsonBody(request, bodySchema);
  const enrollment = await enroll(core, cookies, enrollOptionsFromWire(body, mfaToken));
  return json(enrollmentToWire(enrollment));
};
