import { z } from "zod";
import { FACTOR_TYPES } from "../types/factor-type.js";
import { ADMIN_SCOPES, type IssuerOptions } from "./options.js";

// Validation of IssuerOptions (createIssuer, the CLI's config file): the
// option types themselves live in options.ts.

const url = z.string().url();

const timeoutMs = z.number().int().positive().max(120_000).optional();
const outbox = z.object({ type: z.literal("outbox") });
const smtp = z.object({
  type: z.literal("smtp"),
  url: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  host: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  secure: z.boolean().optional(),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  from: z.string().min(3),
  timeoutMs,
});
const deliverySchema = z.object({
  email: z
    .discriminatedUnion("type", [outbox, smtp])
    // A URL and parts together would leave one silently ignored.
    .refine((value) => value.type !== "smtp" || Boolean(value.url) !== Boolean(value.host), {
      message: "smtp needs either url or host (not both)",
    })
    .optional(),
  sms: z
    .discriminatedUnion("type", [
      outbox,
      z.object({
        type: z.literal("webhook"),
        url: url.regex(/^https?:\/\//, "must be an http(s) URL"),
        headers: z.record(z.string(), z.string()).optional(),
        timeoutMs,
      }),
    ])
    .optional(),
});

/** A host name usable as a WebAuthn RP ID: lowercase labels, no scheme, port or IP address. */
const rpIdSchema = z
  .string()
  .regex(
    /^(?=.{1,253}$)(?!\d+(\.\d+){3}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    "must be a lowercase domain name (no scheme, port or IP address)",
  );
const webauthnSchema = z
  .object({
    rpId: rpIdSchema.optional(),
    rpName: z.string().min(1).max(64).optional(),
    origins: z
      .array(url.refine((value) => new URL(value).origin === value, "must be an origin, no path"))
      .min(1)
      .optional(),
    userVerification: z.enum(["required", "preferred", "discouraged"]).optional(),
  })
  // An origin outside the RP ID could never complete a ceremony: say so at start.
  .refine(
    (value) =>
      !value.rpId ||
      !value.origins ||
      value.origins.every((origin) => hostWithinRpId(new URL(origin).hostname, value.rpId!)),
    { message: "every origin must be the RP ID or a subdomain of it", path: ["origins"] },
  );

/** Is `host` the RP ID or a subdomain of it (WebAuthn §5.1.3's registrable-suffix rule, minus the public suffix list)? */
export function hostWithinRpId(host: string, rpId: string): boolean {
  return host === rpId || host.endsWith(`.${rpId}`);
}

/** The JSON-serialisable part of IssuerOptions (the CLI's config file). */
export const issuerConfigSchema = z
  .object({
    issuer: url.refine((value) => !value.endsWith("/"), "must not end with a slash"),
    secret: z.string().min(32, "must be at least 32 characters"),
    previousSecrets: z.array(z.string().min(32)).optional(),
    dataDir: z.string().min(1).optional(),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    databasePoolSize: z.number().int().positive().optional(),
    databasePreparedStatements: z.boolean().optional(),
    clients: z
      .array(
        z.object({
          clientId: z.string().min(1),
          clientSecret: z.string().min(16, "must be at least 16 characters"),
          redirectUris: z.array(url).min(1),
          postLogoutRedirectUris: z.array(url).optional(),
          name: z.string().optional(),
          adminScopes: z.array(z.enum(ADMIN_SCOPES)).optional(),
          refreshTokens: z
            .object({
              reuseInterval: z.number().int().min(0).max(300).optional(),
              idleLifetime: z.number().int().positive().optional(),
              absoluteLifetime: z.number().int().positive().optional(),
            })
            .strict()
            .optional(),
        }),
      )
      .min(1),
    apis: z
      .array(
        z.object({
          audience: z.string().min(1),
          requireMfa: z.boolean().optional(),
          maxAge: z.number().int().positive().optional(),
          scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/)).optional(),
          factors: z.array(z.enum(FACTOR_TYPES)).min(1).optional(),
          mfaFactorCount: z.union([z.literal(1), z.literal(2)]).optional(),
        }),
      )
      .optional(),
    users: z
      .array(
        z.object({
          email: z.string().email(),
          password: z.string().min(1),
          name: z.string().optional(),
          emailVerified: z.boolean().optional(),
        }),
      )
      .optional(),
    accessTokenTtl: z.number().int().positive().optional(),
    accessTokenSigningAlg: z.enum(["ES256", "RS256"]).optional(),
    displayName: z.string().min(1).optional(),
    devMode: z.boolean().optional(),
    insecureFastPasswordHashing: z.boolean().optional(),
    oobResendCooldownSeconds: z.number().int().min(1).max(3600).optional(),
    delivery: deliverySchema.optional(),
    mfaEnforcement: z.enum(["optional", "required"]).optional(),
    mfaGracePeriodDays: z.number().min(0).optional(),
    mfaTokensPerFamilyPerMinute: z.number().int().positive().max(10_000).optional(),
    smsLimits: z
      .object({
        perAccountPerHour: z.number().int().positive().optional(),
        perDestinationPerHour: z.number().int().positive().optional(),
        perIssuerPerHour: z.number().int().positive().optional(),
      })
      .optional(),
    webauthn: webauthnSchema.optional(),
  })
  // One store: silently preferring one would hide a config mistake.
  .refine((config) => !(config.dataDir && config.databaseUrl), {
    message: "give dataDir (PGlite) or databaseUrl (PostgreSQL), not both",
    path: ["databaseUrl"],
  })
  // A cheap password hash is only for issuers that are already unfit for real users.
  .refine((config) => !config.insecureFastPasswordHashing || config.devMode === true, {
    message: "insecureFastPasswordHashing needs devMode: true (test and development issuers only)",
    path: ["insecureFastPasswordHashing"],
  })
  // A count of 2 is an MFA requirement, and needs two countable factors to pick from.
  .superRefine((config, context) => {
    config.apis?.forEach((api, index) => {
      if (api.mfaFactorCount !== 2) return;
      const path = ["apis", index];
      if (api.requireMfa !== true) {
        const message = "mfaFactorCount 2 needs requireMfa: true";
        context.addIssue({ code: "custom", message, path: [...path, "mfaFactorCount"] });
      } else if ((api.factors ?? FACTOR_TYPES).filter((f) => f !== "recovery-code").length < 2) {
        const message = "mfaFactorCount 2 needs two factors besides recovery-code";
        context.addIssue({ code: "custom", message, path: [...path, "factors"] });
      }
    });
  });

/** Checks options, throwing a TypeError naming the first bad field (API misuse, not a wire error). */
export function assertIssuerOptions(options: IssuerOptions): void {
  const { clock: _clock, logger: _logger, fetch: _fetch, onEvent: _onEvent, ...rest } = options;
  const result = issuerConfigSchema.safeParse(rest);
  if (!result.success)
    throw new TypeError(`Invalid issuer options: ${describeIssues(result.error)}`);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
