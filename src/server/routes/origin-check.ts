import { StepUpError } from "../../errors/index.js";

/**
 * CSRF defence for state-changing routes: browsers send `Origin` on every
 * non-GET fetch, and `Sec-Fetch-Site` on modern ones. A request that shows
 * neither a same-origin `Sec-Fetch-Site` nor our origin is refused.
 * @throws StepUpError `forbidden_origin` (403).
 */
export function assertSameOrigin(request: Request, appBaseUrl: URL): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") throw new StepUpError("forbidden_origin");
  if (site === "same-origin") return;
  const origin = request.headers.get("origin");
  if (origin === null || origin !== appBaseUrl.origin) throw new StepUpError("forbidden_origin");
}
