import { StepUpError } from "../errors/index.js";

export interface SignInOptions {
  /** The full /authorize URL the app redirected to. */
  authorizeUrl: string;
  /** A fetch that reaches the issuer and does not follow redirects (e.g. TestIssuer.fetch). */
  fetch: typeof fetch;
  email: string;
  password: string;
}

const MAX_HOPS = 10;

/**
 * Acts as the browser on the hosted login page: opens `authorizeUrl`, fills
 * the form (email, password), submits it with the page's cookies, follows
 * redirects while they stay on the issuer's origin, and returns the first
 * redirect off it (the app's callback URL with `code` and `state`).
 * @throws StepUpError access_denied (operation "login") when the page shows an error instead
 */
export async function signInThroughHostedLogin(options: SignInOptions): Promise<string> {
  const origin = new URL(options.authorizeUrl).origin;
  const cookies = new Map<string, string>();
  let response = await send(options.fetch, options.authorizeUrl, { method: "GET" }, cookies);
  let submitted = false;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, origin);
      if (target.origin !== origin) return target.toString();
      response = await send(options.fetch, target.toString(), { method: "GET" }, cookies);
      continue;
    }
    const html = await response.text();
    const form = submitted ? undefined : parseForm(html, origin);
    if (!form)
      throw new StepUpError(
        "access_denied",
        `Sign-in failed: ${alertText(html) ?? `HTTP ${response.status}`}`,
        { operation: "login" },
      );
    const body = new URLSearchParams(form.fields);
    body.set("email", options.email);
    body.set("password", options.password);
    submitted = true;
    response = await send(
      options.fetch,
      form.action,
      {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
      },
      cookies,
    );
  }
  throw new StepUpError("access_denied", "Sign-in failed: too many redirects", {
    operation: "login",
  });
}

async function send(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  cookies: Map<string, string>,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookies.size > 0)
    headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
  const response = await doFetch(url, { ...init, headers, redirect: "manual" });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair!.indexOf("=");
    if (index < 0) continue;
    const name = pair!.slice(0, index).trim();
    const value = pair!.slice(index + 1).trim();
    if (/max-age=0/i.test(line) || value === "") cookies.delete(name);
    else cookies.set(name, value);
  }
  return response;
}

/** The login form's action and hidden fields (the issuer's own markup, so a small parser suffices). */
function parseForm(
  html: string,
  origin: string,
): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || !/name="password"/.test(form[2]!)) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
    if (name) fields[unescape(name)] = unescape(value);
  }
  return { action: new URL(unescape(form[1]!), origin).toString(), fields };
}

function alertText(html: string): string | undefined {
  const match = /role="alert"[^>]*>([\s\S]*?)</.exec(html);
  return match ? unescape(match[1]!.trim()) : undefined;
}

function unescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
