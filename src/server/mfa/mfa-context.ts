import { z } from "zod";
import {
  MfaRequiredError,
  StepUpError,
  type MfaOperation,
  type MfaRequirements,
} from "../../errors/index.js";
import { randomToken } from "../../shared/random.js";
import { ListedMfaRequiredError } from "./listed-mfa-required-error.js";
import { importSealKey, seal, unseal } from "../session/seal.js";
import type { Session } from "../session/session.js";

export const MFA_CONTEXT_KEY_PURPOSE = "next-stepup mfa context";

/** The opened MFA context: the raw issuer token and what it is for. */
export interface MfaContext {
  mfa_token: string;
  aud: string;
  /** The requested scope ("" = the audience's default), the key of the token set to replace. */
  scope: string;
  req: MfaRequirements;
  sub: string;
  sid: string;
  iat: number;
  exp: number;
  jti: string;
}

const contextSchema = z.object({
  mfa_token: z.string().min(1),
  aud: z.string(),
  scope: z.string(),
  req: z.object({}).passthrough(),
  sub: z.string(),
  sid: z.string(),
  iat: z.number(),
  exp: z.number(),
  jti: z.string(),
});

/** Seals and opens MFA contexts with a key derived once (its own HKDF label). */
export interface MfaContextCodec {
  seal(input: {
    mfaToken: string;
    audience: string;
    scope: string;
    requirements: MfaRequirements;
    session: Session;
  }): Promise<string>;
  /**
   * @throws StepUpError `mfa_token_invalid` (tampered, foreign key, malformed),
   *   `mfa_token_expired` (past its TTL), `mfa_token_mismatch` (another session's).
   */
  open(sealed: string, session: Session, operation: MfaOperation): Promise<MfaContext>;
  /** Seals the raw `mfa_required` answer for `session` and returns the error to throw. */
  toRequiredError(
    raw: MfaRequiredError,
    target: { audience: string; scope: string },
    session: Session,
    operation: MfaOperation,
  ): Promise<MfaRequiredError>;
}

export function createMfaContextCodec(options: {
  secret: string;
  ttl: number;
  clock: () => number;
}): MfaContextCodec {
  let key: Promise<CryptoKey> | undefined;
  const getKey = () => (key ??= importSealKey(options.secret, MFA_CONTEXT_KEY_PURPOSE));
  const nowSeconds = () => Math.floor(options.clock() / 1000);

  const codec: MfaContextCodec = {
    async seal({ mfaToken, audience, scope, requirements, session }) {
      const iat = nowSeconds();
      const context: MfaContext = {
        mfa_token: mfaToken,
        aud: audience,
        scope,
        req: requirements,
        sub: session.user.sub,
        sid: session.sid,
        iat,
        exp: iat + options.ttl,
        jti: randomToken(16),
      };
      return seal(context, await getKey());
    },
    async open(sealed, session, operation) {
      let context: MfaContext;
      try {
        context = contextSchema.parse(await unseal(sealed, await getKey())) as MfaContext;
      } catch (cause) {
        throw new StepUpError("mfa_token_invalid", undefined, { operation, cause });
      }
      if (context.exp <= nowSeconds())
        throw new StepUpError("mfa_token_expired", undefined, { operation });
      if (context.sid !== session.sid || context.sub !== session.user.sub) {
        throw new StepUpError("mfa_token_mismatch", undefined, { operation });
      }
      return context;
    },
    async toRequiredError(raw, target, session, operation) {
      const sealed = await codec.seal({
        mfaToken: raw.mfaToken,
        audience: target.audience,
        scope: target.scope,
        requirements: raw.mfaRequirements,
        session,
      });
      return new ListedMfaRequiredError(sealed, raw.mfaRequirements, {
        audience: target.audience,
        operation,
        ...(raw.message ? { description: raw.message } : {}),
        ...(raw.authenticators ? { authenticators: raw.authenticators } : {}),
      });
    },
  };
  return codec;
}
