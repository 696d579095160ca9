import { StepUpError } from "../../errors/index.js";
import type { IssuerDeps, RouteHandler } from "../deps.js";

/** `"GET /authorize"` → handler; a `{name}` segment matches one path segment (see routeParams). */
export type RouteTable = Record<string, RouteHandler>;

// Path parameters of a matched request, read by the handler through routeParams.
const PARAMS = new WeakMap<Request, Record<string, string>>();

/** The `{name}` segments of the route that matched `request` (percent-decoded). */
export function routeParams(request: Request): Record<string, string> {
  return PARAMS.get(request) ?? {};
}

interface PatternRoute {
  segments: string[];
  methods: Map<string, RouteHandler>;
}

/** Matches `/a/{x}/b` against a path; undefined when it does not fit or a segment is not valid UTF-8 or holds a NUL. */
function matchPattern(segments: string[], path: string): Record<string, string> | undefined {
  const parts = path.split("/");
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith("{") && segment.endsWith("}")) {
      if (part === "") return undefined;
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      // No id of ours holds a NUL (PostgreSQL text cannot): such a path names nothing.
      if (value.includes("\u0000")) return undefined;
      params[segment.slice(1, -1)] = value;
    } else if (segment !== part) return undefined;
  }
  return params;
}

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
  const patterns: PatternRoute[] = [];
  for (const [key, handler] of Object.entries(routes)) {
    const [method, path] = key.split(" ") as [string, string];
    if (path.includes("{")) {
      let route = patterns.find((entry) => entry.segments.join("/") === path);
      if (!route) patterns.push((route = { segments: path.split("/"), methods: new Map() }));
      route.methods.set(method, handler);
      continue;
    }
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
      // Exact paths first; then the first `{param}` pattern that fits.
      let methods = byPath.get(path);
      if (!methods) {
        for (const route of patterns) {
          const params = matchPattern(route.segments, path);
          if (!params) continue;
          PARAMS.set(request, params);
          methods = route.methods;
          break;
        }
      }
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
