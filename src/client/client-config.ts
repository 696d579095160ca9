/**
 * Where the SDK's routes are and how the browser reaches them: one
 * configuration for `mfa`, `challengeWithPopup`, `getStepUpContext`,
 * `fetchWithStepUp`, `useStepUp` and the hooks. Each of them also takes the
 * same fields as options, which win over the configured ones.
 */
export interface ClientConfig {
  /** Origin of the app, e.g. `https://app.example.com`; omitted = the page's own origin. */
  baseUrl?: string;
  /** Where the SDK's routes are mounted (the server's `prefix`). Default `/auth`. */
  prefix?: string;
  /** Injected transport; default the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
}

// Page-wide settings; empty until configureClient runs. Read at call time, so
// the order of imports does not matter, and nothing happens at import time.
let configured: ClientConfig = {};

/**
 * Sets the page-wide client configuration, for an app whose routes are not at
 * `/auth` on its own origin. Call it once in a module every page loads (for
 * instance beside the root layout's client providers). Replaces any earlier
 * configuration; options given to a single call still win.
 * @throws TypeError for a `prefix` that is not a path (`/…`, no trailing `/`),
 *   a `baseUrl` that is not an absolute http(s) URL, or a `fetch` that is not a function.
 * @example
 * configureClient({ prefix: "/api/auth" });
 */
export function configureClient(config: ClientConfig): void {
  const { baseUrl, prefix, fetch: transport } = config ?? {};
  if (prefix !== undefined && !/^\/[^?#]*[^/?#]$/.test(prefix)) {
    throw new TypeError('next-stepup: configureClient "prefix" must be a path like "/auth"');
  }
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new TypeError('next-stepup: configureClient "baseUrl" must be an absolute http(s) URL');
  }
  if (transport !== undefined && typeof transport !== "function") {
    throw new TypeError('next-stepup: configureClient "fetch" must be a function');
  }
  configured = { ...config };
}

/** `{baseUrl}{prefix}` for a call: its own options first, then the page's configuration. */
export function routesBase(options?: ClientConfig): string {
  const baseUrl = options?.baseUrl ?? configured.baseUrl ?? "";
  return `${baseUrl.replace(/\/+$/, "")}${options?.prefix ?? configured.prefix ?? "/auth"}`;
}

/** The fetch for a call: its own, the page's configured one, else the global one at call time. */
export function transportOf(options?: ClientConfig): typeof fetch {
  return options?.fetch ?? configured.fetch ?? ((input, init) => fetch(input, init));
}
