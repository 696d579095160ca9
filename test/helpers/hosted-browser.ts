import { createHash, randomBytes } from "node:crypto";

/** A form on a hosted page: where it posts and its hidden fields. */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
}

/**
 * A scripted browser for the issuer's hosted pages: keeps cookies, never
 * follows redirects, posts forms with the issuer's Origin (as a real browser
 * submitting the page would). No JavaScript runs, as on a browser without it.
 */
export class HostedBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly doFetch: typeof fetch,
    readonly origin: string,
  ) {}

  async get(url: string): Promise<Response> {
    return this.send(url, { method: "GET" });
  }

  /** Posts `fields` plus the hidden fields of the page's form posting to `path`. */
  async submit(html: string, path: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = findForm(html, path);
    if (!form) throw new TypeError(`No form posting to ${path} on the page`);
    return this.send(form.action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.origin },
      body: new URLSearchParams({ ...form.fields, ...fields }),
    });
  }

  async send(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const response = await this.doFetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0]!;
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** The form whose action ends with `path`, with its hidden inputs. */
export function findForm(html: string, path: string): PageForm | undefined {
  for (const match of html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/gi)) {
    const action = unescapeHtml(match[1]!);
    if (!new URL(action).pathname.endsWith(path)) continue;
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
      if (name) fields[unescapeHtml(name)] = unescapeHtml(value);
    }
    return { action, fields };
  }
  return undefined;
}

/** The text of the page's role="alert" element, if any. */
export function alertOf(html: string): string | undefined {
  const match = /role="alert"[^>]*>([\s\S]*?)</.exec(html);
  return match ? unescapeHtml(match[1]!.trim()) : undefined;
}

export function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** An /authorize URL with PKCE; returns the verifier to exchange the code with. */
export function authorizeRequest(
  base: { url: string; clientId: string; redirectUri: string },
  extra: Record<string, string> = {},
): { url: string; verifier: string } {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${base.url}/authorize`);
  url.search = new URLSearchParams({
    client_id: base.clientId,
    redirect_uri: base.redirectUri,
    response_type: "code",
    scope: "openid profile email offline_access",
    state: "st",
    nonce: "n-1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  }).toString();
  return { url: url.toString(), verifier };
}
