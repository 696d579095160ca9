import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps, RouteHandler } from "../deps.js";

/** `"GET /authorize"` → handler. */
export type RouteTable = Record<string, RouteHandler>;

/**
 * Builds the issuer's fetch handler from a route table: 404 for an unknown
 * path, 405 (with Allow) for a known path and wrong method. A StepUpError
 * becomes its JSON answer; anything else is logged and answered 500
 * server_error without internals.
 */
export function createRouter(
  routes: RouteTable,
  deps: IssuerDeps,
): (request: Request) => Promise<Response> {
  const basePath = new URL(deps.issuer).pathname.replace(/\/$/, "");
  const byPath = new Map<string, Map<string, RouteHandler>>();
  for (const [key, handler] of Object.entries(routes)) {
    const [method, path] = key.split(" ") as [string, string];
    const methods = byPath.get(path) ?? new Map<string, RouteHandler>();
    methods.set(method, handler);
    byPath.set(path, methods);
  }

  return async (request) => {
    try {
      const pathname = new URL(request.url).pathname;
      const path =
        basePath && pathname.startsWith(basePath)
          ? pathname.slice(basePath.length) || "/"
          : pathname;
      const methods = byPath.get(path);
      if (!methods) return new StepUpError("not_found").toResponse();
      const handler =
        methods.get(request.method) ?? (request.method === "HEAD" ? methods.get("GET") : undefined);
      if (!handler) {
        const response = new StepUpError("method_not_allowed").toResponse();
        response.headers.set("allow", [...methods.keys()].join(", "));
        return response;
      }
      return await handler(request, deps);
    } catch (error) {
      if (error instanceof StepUpError) return error.toResponse();
      deps.logger(`issuer: unexpected error on ${request.method} ${safePath(request.url)}`, error);
      return new StepUpError("server_error").toResponse();
    }
  };
}

// Query strings may hold codes or tokens: never log them.
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "(bad url)";
  }
}
