import { z } from "zod";

/** Options of `new AuthClient(options)`; each falls back to the environment variable named. */
export interface AuthClientOptions {
  /** The authorization server, e.g. `http://localhost:4000`. Env `STEPUP_ISSUER_BASE_URL`. */
  issuerBaseUrl?: string;
  /** Env `STEPUP_CLIENT_ID`. */
  clientId?: string;
  /** Env `STEPUP_CLIENT_SECRET`. */
  clientSecret?: string;
  /** At least 32 characters; seals the session and MFA contexts. Env `STEPUP_SECRET`. */
  secret?: string;
  /** The app's public origin, e.g. `http://localhost:3000`. Env `APP_BASE_URL`. */
  appBaseUrl?: string;
  /** Seconds an MFA context stays usable. Env `STEPUP_MFA_CONTEXT_TTL`, default 300. */
  mfaContextTtl?: number;
  /** Injected transport for every call to the authorization server (tests: in-process). */
  fetch?: typeof fetch;
  /**
   * Milliseconds every call to the authorization server may take, body
   * included, before it fails with `timeout` (504). Env `STEPUP_HTTP_TIMEOUT`,
   * default 10000.
   */
  httpTimeout?: number;
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: () => number;
  routes?: { prefix?: string };
  /** Sent on `/authorize`. Default scope `openid profile email offline_access`. */
  authorizationParams?: { scope?: string; audience?: string };
  /**
   * The session cookie. On https (`secure`, default when `appBaseUrl` is
   * https) its name gets the `__Host-` prefix (leading underscores dropped:
   * `__Host-stepup_session`), so no sibling subdomain and no plain-http page
   * can plant or overwrite it.
   */
  cookie?: { name?: string; secure?: boolean };
  session?: SessionOptions;
}

export interface SessionDurations {
  /** Seconds from sign-in after which the session ends regardless of activity. Default 7 days. */
  absoluteDuration?: number;
  /** Seconds of inactivity after which the session ends. Default 1 day. */
  rollingDuration?: number;
}

/** Lifetimes and size of the session. */
export interface SessionOptions extends SessionDurations {
  /**
   * Most access tokens (one per audience and scope) the session keeps; the
   * least recently refreshed goes first. Expired ones are always dropped, and
   * the sealed cookie never grows past three chunks (about 11 KB), so a
   * session can never make requests fail with 431. Default 5.
   */
  maxTokenSets?: number;
}

/** Validated, defaulted configuration. */
export interface ResolvedConfig {
  issuerBaseUrl: URL;
  clientId: string;
  clientSecret: string;
  secret: string;
  appBaseUrl: URL;
  mfaContextTtl: number;
  fetch: typeof fetch | undefined;
  /** Milliseconds per call to the authorization server. */
  httpTimeout: number;
  clock: () => number;
  prefix: string;
  authorizationParams: { scope: string; audience?: string };
  cookieName: string;
  secureCookies: boolean;
  absoluteDuration: number;
  rollingDuration: number;
  maxTokenSets: number;
}

const DEFAULT_SCOPE = "openid profile email offline_access";

/** Defaults shared with next-stepup/testing's minted sessions. */
export const SESSION_DEFAULTS = {
  cookieName: "__stepup_session",
  absoluteDuration: 7 * 24 * 3600,
  rollingDuration: 24 * 3600,
  maxTokenSets: 5,
} as const;

const DEFAULT_HTTP_TIMEOUT = 10_000;

/**
 * The session cookie's name: with `secure`, the `__Host-` prefix (RFC 6265bis
 * §4.1.3.2: Secure, Path=/, no Domain, so it can only be set by this exact
 * origin over https). A name that already has a prefix is kept.
 */
export function sessionCookieName(name: string, secure: boolean): string {
  if (!secure || /^__(Host|Secure)-/.test(name)) return name;
  return `__Host-${name.replace(/^_+/, "")}`;
}

const httpUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: "must be an absolute http(s) URL",
  });

const schema = z.object({
  issuerBaseUrl: httpUrl,
  clientId: z.string().min(1, "is required"),
  clientSecret: z.string().min(1, "is required"),
  secret: z.string().min(32, "must be at least 32 characters"),
  appBaseUrl: httpUrl,
  mfaContextTtl: z.number().int().positive("must be a positive integer (seconds)"),
  prefix: z.string().regex(/^\/[A-Za-z0-9._~/-]*[^/]$/, "must start with / and not end with /"),
  absoluteDuration: z.number().int().positive(),
  rollingDuration: z.number().int().positive(),
  maxTokenSets: z.number().int().min(1).max(50),
  httpTimeout: z.number().int().positive().max(600_000, "must be at most 600000 (ms)"),
});

const ENV_NAMES: Partial<Record<string, string>> = {
  issuerBaseUrl: "STEPUP_ISSUER_BASE_URL",
  clientId: "STEPUP_CLIENT_ID",
  clientSecret: "STEPUP_CLIENT_SECRET",
  secret: "STEPUP_SECRET",
  appBaseUrl: "APP_BASE_URL",
  mfaContextTtl: "STEPUP_MFA_CONTEXT_TTL",
  httpTimeout: "STEPUP_HTTP_TIMEOUT",
};

/**
 * Reads an environment variable without Node typings: the SDK compiles with
 * `"types": []` so that it stays runnable on the Edge runtime.
 */
function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

/** A non-negative integer, or NaN so that the schema names the bad variable. */
function parseSeconds(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/**
 * Merges options with the environment and validates them.
 * @throws TypeError naming the missing or invalid option (API misuse, per STYLE.md).
 */
export function resolveConfig(options: AuthClientOptions = {}): ResolvedConfig {
  const ttlEnv = readEnv("STEPUP_MFA_CONTEXT_TTL");
  const timeoutEnv = readEnv("STEPUP_HTTP_TIMEOUT");
  const input = {
    issuerBaseUrl: options.issuerBaseUrl ?? readEnv("STEPUP_ISSUER_BASE_URL"),
    clientId: options.clientId ?? readEnv("STEPUP_CLIENT_ID"),
    clientSecret: options.clientSecret ?? readEnv("STEPUP_CLIENT_SECRET"),
    secret: options.secret ?? readEnv("STEPUP_SECRET"),
    appBaseUrl: options.appBaseUrl ?? readEnv("APP_BASE_URL"),
    mfaContextTtl: options.mfaContextTtl ?? (ttlEnv === undefined ? 300 : parseSeconds(ttlEnv)),
    prefix: options.routes?.prefix ?? "/auth",
    absoluteDuration: options.session?.absoluteDuration ?? SESSION_DEFAULTS.absoluteDuration,
    rollingDuration: options.session?.rollingDuration ?? SESSION_DEFAULTS.rollingDuration,
    maxTokenSets: options.session?.maxTokenSets ?? SESSION_DEFAULTS.maxTokenSets,
    httpTimeout:
      options.httpTimeout ??
      (timeoutEnv === undefined ? DEFAULT_HTTP_TIMEOUT : parseSeconds(timeoutEnv)),
  };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? "options");
    const env = ENV_NAMES[key];
    const why = input[key as keyof typeof input] === undefined ? "is required" : issue?.message;
    throw new TypeError(
      `next-stepup: option "${key}"${env ? ` (env ${env})` : ""} ${why ?? "is invalid"}`,
    );
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new TypeError('next-stepup: option "fetch" must be a function');
  }
  if (options.clock !== undefined && typeof options.clock !== "function") {
    throw new TypeError('next-stepup: option "clock" must be a function');
  }
  const value = parsed.data;
  const appBaseUrl = new URL(value.appBaseUrl);
  const secure = options.cookie?.secure ?? appBaseUrl.protocol === "https:";
  return {
    // Trailing slashes are dropped so that `${base}/path` never doubles them.
    issuerBaseUrl: new URL(value.issuerBaseUrl.replace(/\/+$/, "")),
    clientId: value.clientId,
    clientSecret: value.clientSecret,
    secret: value.secret,
    appBaseUrl: new URL(appBaseUrl.origin),
    mfaContextTtl: value.mfaContextTtl,
    fetch: options.fetch,
    httpTimeout: value.httpTimeout,
    clock: options.clock ?? Date.now,
    prefix: value.prefix,
    authorizationParams: {
      scope: options.authorizationParams?.scope ?? DEFAULT_SCOPE,
      ...(options.authorizationParams?.audience
        ? { audience: options.authorizationParams.audience }
        : {}),
    },
    cookieName: sessionCookieName(options.cookie?.name ?? SESSION_DEFAULTS.cookieName, secure),
    secureCookies: secure,
    absoluteDuration: value.absoluteDuration,
    rollingDuration: value.rollingDuration,
    maxTokenSets: value.maxTokenSets,
  };
}
