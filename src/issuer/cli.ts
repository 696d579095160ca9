#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createIssuer } from "./create-issuer.js";
import { describeIssues, issuerConfigSchema, type IssuerOptions } from "./options.js";
import { serveIssuer } from "./serve.js";

const USAGE = `Usage: next-stepup-issuer --config <file.json> [--port 4000] [--host 127.0.0.1]

Runs the next-stepup authorization server.

  --config  JSON file with the issuer options (issuer, secret, clients, apis, users,
            dataDir, databaseUrl, databasePoolSize, accessTokenTtl, devMode, delivery).
            Store: "databaseUrl" (postgres://...) uses PostgreSQL, which several
            issuer processes may share; otherwise embedded PGlite in "dataDir"
            (relative to the file's folder; ":memory:" or absent: in memory).
  --port    port to listen on (default 4000)
  --host    address to bind (default 127.0.0.1)
  --help    show this help

Environment:
  DATABASE_URL  PostgreSQL URL used when the config names neither databaseUrl
                nor dataDir.
`;

/** Exit code for a usage or configuration error (as sysexits' EX_USAGE-ish "2"). */
const EXIT_CONFIG = 2;

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: "string" },
        port: { type: "string", default: "4000" },
        host: { type: "string", default: "127.0.0.1" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!args.config) return fail(`Missing --config\n\n${USAGE}`);
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`Invalid --port: ${args.port}`);

  const configPath = resolve(args.config);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configPath, "utf8"));
  } catch (error) {
    return fail(`Cannot read config ${configPath}: ${(error as Error).message}`);
  }
  const parsed = issuerConfigSchema.safeParse(raw);
  if (!parsed.success) return fail(`Invalid config ${configPath}: ${describeIssues(parsed.error)}`);
  const config: IssuerOptions = { ...parsed.data };
  // The environment only fills in a store the file leaves open: an explicit
  // dataDir is never overridden by a DATABASE_URL set for something else.
  const envUrl = process.env.DATABASE_URL;
  if (!config.databaseUrl && !config.dataDir && envUrl) {
    const checked = issuerConfigSchema.safeParse({ ...parsed.data, databaseUrl: envUrl });
    if (!checked.success) return fail(`Invalid DATABASE_URL: ${describeIssues(checked.error)}`);
    config.databaseUrl = envUrl;
  }
  if (config.dataDir && config.dataDir !== ":memory:" && !isAbsolute(config.dataDir)) {
    config.dataDir = resolve(dirname(configPath), config.dataDir);
  }

  const issuer = await createIssuer(config);
  const served = await serveIssuer(issuer, { port, hostname: args.host });
  process.stdout.write(`issuer ready on ${served.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`issuer stopping (${signal})\n`);
    await served.close().catch(() => undefined);
    await issuer.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function fail(message: string): void {
  process.stderr.write(`next-stepup-issuer: ${message}\n`);
  process.exitCode = EXIT_CONFIG;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error("next-stepup-issuer: failed to start", error);
  process.exit(1);
});
