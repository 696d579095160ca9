#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import { ConfigError, loadCliSettings, USAGE } from "./cli/load-config.js";
import { createIssuer } from "./create-issuer.js";
import { serveIssuer } from "./serve.js";

/** Exit code for a usage or configuration error (sysexits-like "2"). */
const EXIT_CONFIG = 2;

async function main(): Promise<void> {
  let settings;
  try {
    settings = await loadCliSettings(process.argv.slice(2), process.env, (path) =>
      readFile(path, "utf8"),
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`next-stepup-issuer: ${error.message}\n`);
    process.exitCode = EXIT_CONFIG;
    return;
  }
  if (settings.help) {
    process.stdout.write(USAGE);
    return;
  }

  const issuer = await createIssuer(settings.config);
  let served;
  try {
    served = await serveIssuer(issuer, { port: settings.port, hostname: settings.host });
  } catch (error) {
    await issuer.close().catch(() => undefined);
    throw error;
  }
  process.stdout.write(`issuer ready on ${served.url}\n`);

  // Graceful stop: refuse new connections, give in-flight requests up to the
  // timeout, close the store, exit 0. A second signal exits at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`next-stepup-issuer: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`issuer stopping (${signal})\n`);
    void served
      .close({ timeoutMs: settings.shutdownTimeoutMs })
      .catch((error: unknown) => console.error("next-stepup-issuer: closing the server", error))
      .then(() => issuer.close())
      .catch((error: unknown) => console.error("next-stepup-issuer: closing the store", error))
      .then(() => {
        process.stdout.write("issuer stopped\n");
        process.exit(0);
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error("next-stepup-issuer: failed to start", error);
  process.exit(1);
});
