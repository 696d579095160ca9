import { describe, expect, it } from "@jest/globals";
import { resolveConfig } from "./config.js";

const valid = {
  issuerBaseUrl: "http://localhost:4000/",
  clientId: "app",
  clientSecret: "s",
  secret: "x".repeat(32),
  appBaseUrl: "https://app.example.com/some/path",
};

function withEnv<T>(env: Record<string, string | undefined>, run: () => T): T {
  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("resolveConfig", () => {
  it("applies defaults and normalises URLs", () => {
    const config = resolveConfig(valid);
    expect(config.issuerBaseUrl.href).toBe("http://localhost:4000/");
    expect(config.appBaseUrl.origin).toBe("https://app.example.com");
    expect(config.mfaContextTtl).toBe(300);
    expect(config.prefix).toBe("/auth");
    // https: the __Host- prefix (Secure, Path=/, no Domain), leading underscores dropped.
    expect(config.cookieName).toBe("__Host-stepup_session");
    expect(config.secureCookies).toBe(true);
    expect(config.authorizationParams.scope).toBe("openid profile email offline_access");
    expect(config.httpTimeout).toBe(10_000);
    expect(config.maxTokenSets).toBe(5);
  });

  it.each([
    ["http://app.example.com", undefined, "__stepup_session"],
    ["https://app.example.com", "my_app", "__Host-my_app"],
    ["https://app.example.com", "__Secure-mine", "__Secure-mine"],
    ["https://app.example.com", "__Host-mine", "__Host-mine"],
  ])("names the session cookie on %s (name %s) %s", (appBaseUrl, name, expected) => {
    const config = resolveConfig({ ...valid, appBaseUrl, ...(name ? { cookie: { name } } : {}) });
    expect(config.cookieName).toBe(expected);
  });

  it("keeps the plain name when the cookie is explicitly not Secure", () => {
    const config = resolveConfig({ ...valid, cookie: { secure: false } });
    expect(config.cookieName).toBe("__stepup_session");
  });

  it("falls back to the environment", () => {
    const config = withEnv(
      {
        STEPUP_ISSUER_BASE_URL: "http://127.0.0.1:4000",
        STEPUP_CLIENT_ID: "env-client",
        STEPUP_CLIENT_SECRET: "env-secret",
        STEPUP_SECRET: "y".repeat(40),
        APP_BASE_URL: "http://localhost:3000",
        STEPUP_MFA_CONTEXT_TTL: "600",
        STEPUP_HTTP_TIMEOUT: "2500",
      },
      () => resolveConfig(),
    );
    expect(config.clientId).toBe("env-client");
    expect(config.mfaContextTtl).toBe(600);
    expect(config.httpTimeout).toBe(2500);
    expect(config.secureCookies).toBe(false);
  });

  it.each([
    ["secret", { ...valid, secret: "short" }],
    ["clientId", { ...valid, clientId: undefined }],
    ["issuerBaseUrl", { ...valid, issuerBaseUrl: "ftp://nope" }],
    ["appBaseUrl", { ...valid, appBaseUrl: "not a url" }],
    ["mfaContextTtl", { ...valid, mfaContextTtl: -5 }],
    ["httpTimeout", { ...valid, httpTimeout: 0 }],
    ["maxTokenSets", { ...valid, session: { maxTokenSets: 0 } }],
  ])("throws a TypeError naming %s", (name, options) => {
    withEnv({ STEPUP_CLIENT_ID: undefined }, () => {
      expect(() => resolveConfig(options)).toThrow(TypeError);
      expect(() => resolveConfig(options)).toThrow(new RegExp(`"${name}"`));
    });
  });

  it("rejects a non-integer STEPUP_MFA_CONTEXT_TTL", () => {
    withEnv({ STEPUP_MFA_CONTEXT_TTL: "5m" }, () => {
      expect(() => resolveConfig(valid)).toThrow(/STEPUP_MFA_CONTEXT_TTL/);
    });
  });
});
