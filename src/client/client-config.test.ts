import { afterEach, describe, expect, it } from "@jest/globals";
import { configureClient, routesBase, transportOf } from "./client-config.js";
import { createMfaClient, mfa } from "./mfa-client.js";
import { getStepUpContext } from "./step-up-context.js";
import { fetchWithStepUp } from "./fetch-with-step-up.js";

/** A fetch recording the URLs it was asked for; the context route gets a context, others a list. */
function recording() {
  const urls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    const body = String(input).endsWith("/mfa/context")
      ? { mfa_token: "T", mfa_requirements: {}, audience: "a", return_to: "/" }
      : [];
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof globalThis.fetch;
  return { urls, fetch };
}

afterEach(() => configureClient({}));

describe("configureClient", () => {
  it("defaults to /auth on the page's own origin", () => {
    expect(routesBase()).toBe("/auth");
    expect(routesBase({ prefix: "/api/auth", baseUrl: "https://app.example.com/" })).toBe(
      "https://app.example.com/api/auth",
    );
  });

  it("is read at call time by mfa, getStepUpContext and fetchWithStepUp", async () => {
    const { urls, fetch } = recording();
    configureClient({ baseUrl: "https://app.example.com", prefix: "/api/auth", fetch });
    await mfa.getAuthenticators({ mfaToken: "CTX" });
    await getStepUpContext();
    await fetchWithStepUp("/api/x", undefined, { onStepUp: () => true });
    expect(urls).toEqual([
      "https://app.example.com/api/auth/mfa/authenticators",
      "https://app.example.com/api/auth/mfa/context",
      "/api/x",
    ]);
  });

  it("lets a call's own options win over the configuration", async () => {
    const configured = recording();
    const own = recording();
    configureClient({ prefix: "/api/auth", fetch: configured.fetch });
    await createMfaClient({ prefix: "/custom", fetch: own.fetch }).getAuthenticators();
    expect(own.urls).toEqual(["/custom/mfa/authenticators"]);
    expect(configured.urls).toEqual([]);
    expect(transportOf({ fetch: own.fetch })).toBe(own.fetch);
  });

  it.each([
    ["a prefix without a leading slash", { prefix: "auth" }],
    ["a prefix with a trailing slash", { prefix: "/auth/" }],
    ["a bare slash", { prefix: "/" }],
    ["a relative baseUrl", { baseUrl: "app.example.com" }],
    ["a javascript: baseUrl", { baseUrl: "javascript:alert(1)" }],
    ["a fetch that is not a function", { fetch: "fetch" as never }],
  ])("refuses %s with a TypeError, keeping the previous configuration", (_name, config) => {
    configureClient({ prefix: "/kept" });
    expect(() => configureClient(config)).toThrow(TypeError);
    expect(routesBase()).toBe("/kept");
  });
});
