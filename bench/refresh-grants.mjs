// Refresh grants per second: our issuer (on PGlite, then on PostgreSQL)
// against oidc-provider, each in its own process on loopback, loaded by the
// same bounded generator. Every grant rotates its refresh token, so each
// worker walks its own chain (one refresh family per worker). Both answer the
// same thing: an ES256 access token for the API with scope payments:write,
// a new refresh token, no ID token (the request's scope has no openid).
import { fileURLToPath } from "node:url";
import { createFormPoster, runLoad, startServerProcess } from "./load.mjs";

const server = (name) => fileURLToPath(new URL(`./servers/${name}`, import.meta.url));
const LOAD = { concurrency: 16, maxRequests: 4000, maxMs: 8000 };

/** Runs refresh grants against a started server; audience in our dialect or resource in theirs. */
async function loadRefreshGrants(name, info, target) {
  const poster = createFormPoster(LOAD.concurrency);
  const tokens = [...info.refreshTokens];
  try {
    return await runLoad(name, LOAD, async (worker) => {
      const { status, json } = await poster.post(info.tokenUrl, {
        grant_type: "refresh_token",
        refresh_token: tokens[worker],
        client_id: info.client_id,
        client_secret: info.client_secret,
        scope: "payments:write",
        ...target,
      });
      if (status !== 200 || typeof json?.refresh_token !== "string") return false;
      if (json.id_token !== undefined) throw new Error(`${name}: an ID token was not asked for`);
      tokens[worker] = json.refresh_token;
      return true;
    });
  } finally {
    poster.close();
  }
}

async function measureServer(name, script, args, target) {
  const { info, stop } = await startServerProcess(server(script), args);
  try {
    return await loadRefreshGrants(name, info, target(info));
  } finally {
    await stop();
  }
}

export async function benchRefreshGrants(report, { databaseUrl }) {
  const families = String(LOAD.concurrency);
  const peer = await measureServer(
    "oidc-provider refresh grant (memory adapter)",
    "oidc-provider-server.mjs",
    [families],
    (info) => ({ resource: info.api }),
  );
  report.row(peer);
  const pglite = await measureServer(
    "next-stepup refresh grant (PGlite)",
    "next-stepup-issuer-server.mjs",
    [families],
    (info) => ({ audience: info.api }),
  );
  report.row(pglite);
  report.compare(
    "refresh grants/s on PGlite vs oidc-provider",
    pglite.opsPerSecond,
    peer.opsPerSecond,
    1.5,
  );
  if (databaseUrl) {
    const postgres = await measureServer(
      "next-stepup refresh grant (PostgreSQL)",
      "next-stepup-issuer-server.mjs",
      [families, await databaseUrl()],
      (info) => ({ audience: info.api }),
    );
    report.row(postgres);
    report.compare(
      "refresh grants/s on PostgreSQL vs oidc-provider",
      postgres.opsPerSecond,
      peer.opsPerSecond,
      1.5,
    );
  }
}
