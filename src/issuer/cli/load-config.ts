import { dirname, isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { issuerConfigSchema } from "../options-schema.js";
import type { IssuerOptions } from "../options.js";

/**
 * Environment variables the CLI reads. Each overrides the config file's field;
 * a command-line flag overrides both (port, host).
 */
export const ENV = {
  config: "NEXT_STEPUP_ISSUER_CONFIG",
  issuer: "NEXT_STEPUP_ISSUER_URL",
  secret: "NEXT_STEPUP_ISSUER_SECRET",
  databaseUrl: "NEXT_STEPUP_ISSUER_DATABASE_URL",
  dataDir: "NEXT_STEPUP_ISSUER_DATA_DIR",
  port: "NEXT_STEPUP_ISSUER_PORT",
  host: "NEXT_STEPUP_ISSUER_HOST",
  shutdownTimeout: "NEXT_STEPUP_ISSUER_SHUTDOWN_TIMEOUT",
} as const;

export const USAGE = `Usage: next-stepup-issuer [--config <file.json>] [--port <n>] [--host <addr>]

Runs the next-stepup authorization server (OAuth 2.0 / OIDC with Auth0's MFA API).

Options:
  --config <file>   JSON file with the issuer options: issuer, secret, clients,
                    apis, users, displayName, accessTokenTtl, devMode,
                    delivery (email: outbox|smtp, sms: outbox|webhook), webauthn
                    (passkeys: rpId, rpName, origins, userVerification),
                    oobResendCooldownSeconds, insecureFastPasswordHashing
                    (tests only, needs devMode), and the store:
                    "databaseUrl" (postgres://…, several processes may share it)
                    or "dataDir" (embedded PGlite, relative to the file's folder;
                    ":memory:" or absent: in memory). May also hold port, host.
  --port <n>        port to listen on (default 4000; 0 picks a free one)
  --host <addr>     address to bind (default 127.0.0.1)
  --help            show this help

Environment (overrides the file; flags override the environment):
  ${ENV.config}            config file when --config is absent
  ${ENV.issuer}               public base URL ("issuer")
  ${ENV.secret}            secret of 32+ characters ("secret")
  ${ENV.databaseUrl}      PostgreSQL URL ("databaseUrl"; replaces a dataDir)
  ${ENV.dataDir}          PGlite directory ("dataDir"; replaces a databaseUrl)
  ${ENV.port}, ${ENV.host}
  ${ENV.shutdownTimeout}  seconds in-flight requests get on SIGTERM/SIGINT (default 10)
  DATABASE_URL                         PostgreSQL URL used only when neither the file nor
                                       the variables above name a store

Exit codes: 0 after a clean shutdown, 2 for a usage or configuration error
(one line naming the field), 1 when the server fails to start.
`;

/** A usage or configuration problem: the CLI prints its one-line message and exits 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface CliSettings {
  help: boolean;
  config: IssuerOptions;
  port: number;
  host: string;
  /** Milliseconds in-flight requests get to finish on shutdown. */
  shutdownTimeoutMs: number;
}

type ReadText = (path: string) => Promise<string>;

/**
 * Resolves the CLI's settings from argv, the environment and the config file.
 * @throws ConfigError naming the flag, variable or config field at fault
 */
export async function loadCliSettings(
  argv: string[],
  env: Record<string, string | undefined>,
  readText: ReadText,
): Promise<CliSettings | { help: true }> {
  let flags;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see --help)`);
  }
  if (flags.help) return { help: true };
  const file = flags.config ?? env[ENV.config];
  if (!file) throw new ConfigError(`missing --config <file.json> (or ${ENV.config})`);
  const path = resolve(file);

  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`cannot read config file ${path}: ${code}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`config file ${path} must hold a JSON object`);
  }
  const { port: filePort, host: fileHost, ...fileOptions } = raw as Record<string, unknown>;

  // Which source each overridable field came from, to name it in an error.
  const source = new Map<string, string>();
  const merged: Record<string, unknown> = { ...fileOptions };
  const override = (field: keyof typeof ENV & keyof IssuerOptions) => {
    const value = env[ENV[field]];
    if (value === undefined || value === "") return;
    merged[field] = value;
    source.set(field, ENV[field]);
  };
  override("issuer");
  override("secret");
  override("databaseUrl");
  override("dataDir");
  // One store: a variable naming one replaces the file's other kind.
  if (source.has("databaseUrl") && !source.has("dataDir")) delete merged.dataDir;
  if (source.has("dataDir") && !source.has("databaseUrl")) delete merged.databaseUrl;
  if (!merged.databaseUrl && !merged.dataDir && env.DATABASE_URL) {
    merged.databaseUrl = env.DATABASE_URL;
    source.set("databaseUrl", "DATABASE_URL");
  }

  const parsed = issuerConfigSchema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(describeFirstIssue(parsed.error, source, path));
  const config: IssuerOptions = { ...parsed.data };
  if (config.dataDir && config.dataDir !== ":memory:" && !isAbsolute(config.dataDir)) {
    // A relative dataDir from the file is relative to the file; from the environment, to the cwd.
    config.dataDir = source.has("dataDir")
      ? resolve(config.dataDir)
      : resolve(dirname(path), config.dataDir);
  }

  const port = pickPort(flags.port, env[ENV.port], filePort, path);
  const host = flags.host ?? env[ENV.host] ?? (typeof fileHost === "string" ? fileHost : undefined);
  if (fileHost !== undefined && typeof fileHost !== "string") {
    throw new ConfigError(`invalid config ${path}: host: must be a string`);
  }
  const shutdown = env[ENV.shutdownTimeout] ?? "10";
  const seconds = Number(shutdown);
  if (!/^\d+(\.\d+)?$/.test(shutdown) || seconds > 3600) {
    throw new ConfigError(`invalid ${ENV.shutdownTimeout}: must be seconds between 0 and 3600`);
  }
  return {
    help: false,
    config,
    port,
    host: host || "127.0.0.1",
    shutdownTimeoutMs: seconds * 1000,
  };
}

function pickPort(
  flag: string | undefined,
  fromEnv: string | undefined,
  fromFile: unknown,
  path: string,
): number {
  const [value, name] =
    flag !== undefined
      ? [flag, "--port"]
      : fromEnv !== undefined && fromEnv !== ""
        ? [fromEnv, ENV.port]
        : fromFile !== undefined
          ? [String(fromFile), `config ${path}: port`]
          : ["4000", "default port"];
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ConfigError(`invalid ${name}: must be an integer from 0 to 65535`);
  }
  return port;
}

function describeFirstIssue(error: z.ZodError, source: Map<string, string>, path: string): string {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || "(root)";
  const from = source.get(String(issue.path[0]));
  return from
    ? `invalid ${from}: ${issue.message}`
    : `invalid config ${path}: ${field}: ${issue.message}`;
}
