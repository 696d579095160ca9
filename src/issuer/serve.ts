import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { StepUpError } from "../errors/index.js";
import type { Issuer } from "./create-issuer.js";
import { setClientAddress } from "./http/client-address.js";
import { knownBody, setRequestBody } from "./http/known-body.js";
import { LIMITS } from "./deps.js";

/** How long an idle kept-alive connection stays open (see serveIssuer). */
const KEEP_ALIVE_MS = 65_000;

export interface ServeIssuerOptions {
  port: number;
  /** Default 127.0.0.1: loopback only unless asked otherwise. */
  hostname?: string;
}

export interface ServedIssuer {
  /** e.g. "http://127.0.0.1:4000" (the bound address). */
  url: string;
  /**
   * Stops accepting connections and waits for requests in flight to finish;
   * after `timeoutMs` (default: no bound) the remaining connections are cut.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Serves an issuer on node:http, converting IncomingMessage to a fetch Request
 * and the Response back. Port 0 picks a free port.
 */
export async function serveIssuer(
  issuer: Issuer,
  options: ServeIssuerOptions,
): Promise<ServedIssuer> {
  const hostname = options.hostname ?? "127.0.0.1";
  let closing = false;
  const server = createServer((req, res) => {
    res.on("finish", () => {
      if (closing) server.closeIdleConnections();
    });
    void handle(issuer, req, res, hostname, () => closing);
  });
  // Keep idle connections longer than the load balancers in front usually
  // do (60 s at AWS's ALB, Google's is 600 s: raise it there): a balancer
  // reusing a connection the server just closed answers its client 502, and
  // Node's 5 s default makes that race common. headersTimeout must exceed it.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    close: ({ timeoutMs } = {}) =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => server.closeAllConnections(), timeoutMs).unref();
        server.close((err) => {
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function handle(
  issuer: Issuer,
  req: IncomingMessage,
  res: ServerResponse,
  hostname: string,
  closing: () => boolean,
): Promise<void> {
  // While closing, answers end their connection so keep-alive cannot hold
  // the server open: decided when the answer is written (a request in flight
  // at shutdown too), by shouldKeepAlive rather than a Connection header set
  // beforehand, which send's writeHead would merge one name at a time,
  // keeping only the last Set-Cookie.
  const send = (response: Response) => {
    if (closing()) res.shouldKeepAlive = false;
    return writeResponse(res, req, response);
  };
  try {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    let body: Buffer | undefined;
    try {
      body = hasBody ? await readBody(req, LIMITS.maxBodyBytes) : undefined;
    } catch {
      // The client went away mid-body (readCappedBody's answer to the same).
      const error = new StepUpError("invalid_request", "The request body could not be read");
      return await send(error.toResponse());
    }
    const request = toRequest(req, hostname, body);
    if (request) setClientAddress(request, req.socket.remoteAddress);
    // A Host header or request target no URL can be made of is the client's
    // mistake (or probe): a coded 400, never a 500.
    const response = request
      ? await issuer.handler(request)
      : new StepUpError("invalid_request", "Malformed Host header or request target").toResponse();
    await send(response);
  } catch (error) {
    console.error("issuer: failed to answer", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  }
}

async function writeResponse(
  res: ServerResponse,
  req: IncomingMessage,
  response: Response,
): Promise<void> {
  const head = req.method === "HEAD";
  if (!response.body || head) {
    res.statusCode = response.status;
    response.headers.forEach((value, key) => {
      if (key !== "set-cookie") res.setHeader(key, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("set-cookie", cookies);
    res.end();
    return;
  }
  // The text a respond helper made the answer with (known-body.ts), or its bytes.
  const body = knownBody(response) ?? Buffer.from(await response.arrayBuffer());
  // Head and body in one call: a string body even goes out with the head in one write.
  const headers: string[] = [];
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers.push(key, value);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push("set-cookie", cookie);
  if (!response.headers.has("content-length")) {
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.length;
    headers.push("content-length", String(length));
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * The request body's bytes, read from the socket before the Request is made
 * (a web stream over the socket cost a refresh grant more than its own
 * checks): at most `cap` + 1 bytes, enough for readParams (takeRequestBody)
 * to refuse a larger body with its coded 413, and nothing when the declared
 * Content-Length is already over the cap (refused the same way). What is
 * left unread Node discards after the answer.
 */
function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      req.off("data", onData).off("end", finish).off("error", reject).off("aborted", onAborted);
      resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > cap) {
        req.pause();
        finish();
      }
    };
    const onAborted = () => reject(new Error("request aborted"));
    req.on("data", onData).once("end", finish).once("error", reject).once("aborted", onAborted);
  });
}

function toRequest(
  req: IncomingMessage,
  hostname: string,
  body: Buffer | undefined,
): Request | undefined {
  const host = req.headers.host ?? hostname;
  let url: URL;
  try {
    url = new URL(req.url ?? "/", `http://${host}`);
  } catch {
    return undefined;
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  // The bytes go beside the Request rather than into a stream the handler
  // would read back (known-body.ts); readParams reads them.
  const request = new Request(url, { method: req.method ?? "GET", headers });
  if (body) setRequestBody(request, body);
  return request;
}
