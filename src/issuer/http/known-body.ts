/**
 * The text a Response was made with, kept beside it for serveIssuer: a
 * handler still answers a standard Response (in-process callers read it
 * like any other), while the node:http adapter writes the text as it is
 * instead of reading it back through the Response's stream, which cost a
 * token answer more than its JSON.
 */
const BODIES = new WeakMap<Response, string>();

/** A Response whose body is `text`; serveIssuer sends `text` itself (knownBody). */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  BODIES.set(response, text);
  return response;
}

/** The text `response` was made with by textResponse, while nothing has read its body. */
export function knownBody(response: Response): string | undefined {
  return response.bodyUsed ? undefined : BODIES.get(response);
}
