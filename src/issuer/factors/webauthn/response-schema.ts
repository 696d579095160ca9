import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { StepUpError } from "../../../errors/index.js";

/** base64url without padding; `max` in characters (a credential id is at most 1023 bytes). */
const b64url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

const credentialId = b64url(1400);
const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

// Transports are a growing list (WebAuthn L3 asks RPs to keep unknown values), so any short string.
const transports = z.array(z.string().min(1).max(32)).max(10);

const registrationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports: transports.optional(),
  }),
});

const authenticationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
});

/** The longest `webauthn_response` accepted (a registration with a large attestation fits easily). */
export const MAX_RESPONSE_LENGTH = 32_768;

function parse<T>(schema: z.ZodType, json: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid();
  }
  const result = schema.safeParse(value);
  if (!result.success) throw invalid();
  return result.data as T;
}

/**
 * Parses a `webauthn_response` (RegistrationResponseJSON, as
 * @simplewebauthn/browser's startRegistration gives it) into its typed shape.
 * @throws invalid_request (400) not JSON, or not that shape
 */
export function parseRegistrationResponse(json: string): RegistrationResponseJSON {
  const parsed = parse<RegistrationResponseJSON>(registrationSchema, json);
  const list = parsed.response.transports;
  return list
    ? {
        ...parsed,
        response: { ...parsed.response, transports: list as AuthenticatorTransport[] },
      }
    : parsed;
}

/**
 * Parses a `webauthn_response` (AuthenticationResponseJSON, from startAuthentication).
 * @throws invalid_request (400) not JSON, or not that shape
 */
export function parseAuthenticationResponse(json: string): AuthenticationResponseJSON {
  return parse<AuthenticationResponseJSON>(authenticationSchema, json);
}

function invalid(): StepUpError {
  return new StepUpError("invalid_request", "Invalid parameter: webauthn_response");
}
