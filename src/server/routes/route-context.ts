import type { RequestCookieJar } from "../cookies/request-cookie-jar.js";
import type { Core } from "../core.js";

/** What a route handler gets besides the request. */
export interface RouteDeps {
  core: Core;
  /** The request's cookies; writes become Set-Cookie on the answer. */
  cookies: RequestCookieJar;
}

/** One `/auth/*` route: a small function from request to response. */
export type RouteHandler = (request: Request, deps: RouteDeps) => Promise<Response>;
