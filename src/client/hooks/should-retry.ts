/**
 * SWR retries failed fetches by default; a 4xx (expired or foreign context,
 * signed out) will fail the same way again, so only transport and server
 * errors are retried.
 */
export function shouldRetry(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return !(typeof status === "number" && status >= 400 && status < 500);
}
