// The address of the peer that sent a request, recorded by the adapter that
// received it (serveIssuer): a fetch Request has no socket to ask.
const ADDRESSES = new WeakMap<Request, string>();

/**
 * Records the client's network address for `request`. serveIssuer calls it
 * with the socket's remote address; an app that mounts the handler itself
 * may call it with the address its platform reports.
 */
export function setClientAddress(request: Request, address: string | undefined): void {
  if (address) ADDRESSES.set(request, address);
}

/**
 * The client's address, or "unknown" when nothing recorded one (in-process
 * calls): such requests then share one key, which is stricter, never looser.
 */
export function clientAddress(request: Request): string {
  return ADDRESSES.get(request) ?? "unknown";
}
