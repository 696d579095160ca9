import { z } from "zod";
import { challengeOptionsFromWire, challengeToWire } from "../../shared/wire.js";
import { challenge } from "../mfa/challenge.js";
import { assertSameOrigin } from "./origin-check.js";
import { readBearer, readJsonBody } from "./read-input.js";
import { json } from "./respond.js";
import type { RouteHandler } from "./route-context.js";

const bodySchema = z
  .object({
    challenge_type: z.enum(["otp", "oob", "webauthn"]),
    authenticator_id: z.string().min(1).max(256).optional(),
  })
  .strict();

/** `POST /auth/mfa/challenge` (bearer + `{challenge_type, authenticator_id?}`). */
export const mfaChallenge: RouteHandler = async (request, { core, cookies }) => {
  assertSameOrigin(request, core.config.appBaseUrl);
  const mfaToken = readBearer(request);
  const body = await readJsonBody(request, bodySchema);
  const answer = await challenge(core, cookies, challengeOptionsFromWire(body, mfaToken));
  return json(challengeToWire(answer));
};
