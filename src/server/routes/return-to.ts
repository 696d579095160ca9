/**
 * Where to send the user after login: a same-origin relative path only, so
 * that `/auth/login?returnTo=` can never become an open redirect
 * (`//evil`, `/\evil`, `https://evil` all fall back to "/").
 */
export function safeReturnTo(value: string | null | undefined, appBaseUrl: URL): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  try {
    const url = new URL(value, appBaseUrl);
    if (url.origin !== appBaseUrl.origin) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
