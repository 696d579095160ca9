import { bodyTooLarge, declaresMoreThan } from "../../shared/read-capped-body.js";

/**
 * Bodies serveIssuer already holds as bytes or text, kept beside the fetch
 * Request and Response that carry them: handlers still take a standard
 * Request and answer a standard Response (in-process callers use them like
 * any other), while the node:http adapter skips the web streams in between,
 * which cost a token request more than its own checks.
 */
const RESPONSE_TEXT = new WeakMap<Response, string>();
const REQUEST_BYTES = new WeakMap<Request, Uint8Array>();

/** A Response whose body is `text`; serveIssuer sends `text` itself (knownBody). */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  RESPONSE_TEXT.set(response, text);
  return response;
}

/** The text `response` was made with by textResponse, while nothing has read its body. */
export function knownBody(response: Response): string | undefined {
  return response.bodyUsed ? undefined : RESPONSE_TEXT.get(response);
}

/**
 * Records the body serveIssuer read from the socket for `request`, which it
 * makes without a body stream: readParams, the issuer's one reader of
 * request bodies, reads these bytes instead (takeRequestBody).
 */
export function setRequestBody(request: Request, bytes: Uint8Array): void {
  REQUEST_BYTES.set(request, bytes);
}

/**
 * The body recorded by setRequestBody, once (a body is read once), refused
 * as readCappedBody refuses one: 413 when its declared Content-Length or its
 * bytes pass `maxBytes` (serveIssuer reads at most one byte more). Undefined
 * for a request that came with its own body stream.
 * @throws StepUpError invalid_request (413)
 */
export function takeRequestBody(request: Request, maxBytes: number): Uint8Array | undefined {
  const bytes = REQUEST_BYTES.get(request);
  if (bytes === undefined) return undefined;
  REQUEST_BYTES.delete(request);
  if (declaresMoreThan(request, maxBytes) || bytes.length > maxBytes) throw bodyTooLarge();
  return bytes;
}
