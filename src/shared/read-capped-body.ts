import { StepUpError } from "../errors/index.js";

/**
 * A request body's bytes, read chunk by chunk and refused (413) as soon as
 * they pass `maxBytes`, so an oversized or endless body is never buffered
 * whole; a declared Content-Length over the cap is refused before reading.
 * The SDK's `/auth/*` routes and the issuer both read bodies through it.
 * @throws StepUpError `invalid_request`: 413 when too large, 400 when the
 * stream fails (the client went away mid-body: its request is malformed, not
 * our failure, so never a 500).
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (declaresMoreThan(request, maxBytes)) throw bodyTooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (cause) {
      throw new StepUpError("invalid_request", "The request body could not be read", { cause });
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Whether the request's Content-Length header is over `maxBytes`. */
export function declaresMoreThan(request: Request, maxBytes: number): boolean {
  const declared = Number(request.headers.get("content-length"));
  return Number.isFinite(declared) && declared > maxBytes;
}

/** The coded 413 for a body over its cap (readers that hold the bytes already use it too). */
export function bodyTooLarge(): StepUpError {
  return new StepUpError("invalid_request", "The request body is too large", { status: 413 });
}
