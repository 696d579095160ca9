/**
 * Next.js signals control flow by throwing: `redirect()`, `notFound()`,
 * dynamic-rendering bail-outs and PPR postpones all throw an object with a
 * string `digest`. Such a throw must reach Next untouched; catching it breaks
 * the redirect, the 404 or `next build`.
 */
export function isNextControlFlow(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && typeof Reflect.get(error, "digest") === "string"
  );
}
