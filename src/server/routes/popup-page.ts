import { StepUpError } from "../../errors/index.js";
import { popupChannelName, type PopupMessage } from "../../shared/popup-message.js";

/**
 * The page the popup's callback renders: it reports the outcome to the
 * window that opened it and closes itself. It loads nothing and runs one
 * inline script allowed by its hash, so the CSP can forbid everything else.
 */
export async function popupResultPage(
  message: PopupMessage,
  appOrigin: string,
  status = 200,
): Promise<Response> {
  const script = reportScript(message, appOrigin);
  const hash = btoa(
    String.fromCharCode(
      ...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(script))),
    ),
  );
  const heading = message.ok ? "Verification complete" : "Verification failed";
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${heading}</title></head><body><h1>${heading}</h1>` +
    `<p>You can close this window.</p><script>${script}</script></body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy":
        `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; ` +
        `form-action 'none'; frame-ancestors 'none'`,
      // The URL holds the authorization code (already spent, but still nobody's business).
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}

/** The message for a failed popup login: the error's code and description, nothing else. */
export function popupErrorMessage(nonce: string, error: unknown): PopupMessage {
  const coded = error instanceof StepUpError ? error : new StepUpError("server_error");
  return {
    type: "next-stepup:popup",
    nonce,
    ok: false,
    error: { error: coded.code, error_description: coded.message },
  };
}

/**
 * postMessage to the opener, restricted to the app's origin so that a page
 * of another origin that opened this popup learns nothing. When a
 * Cross-Origin-Opener-Policy cut `window.opener`, a BroadcastChannel (same
 * origin only, named after the flow's nonce) reaches the opener instead.
 */
function reportScript(message: PopupMessage, appOrigin: string): string {
  const data = embed(message);
  const origin = embed(appOrigin);
  const channel = embed(popupChannelName(message.nonce));
  return (
    `(function(){var m=${data},sent=false;` +
    `try{if(window.opener&&!window.opener.closed){window.opener.postMessage(m,${origin});sent=true;}}catch(e){}` +
    `if(!sent&&typeof BroadcastChannel==="function"){var c=new BroadcastChannel(${channel});c.postMessage(m);c.close();}` +
    `window.close();})();`
  );
}

/** JSON safe inside an inline <script>: no `</script>`, no `<!--`, no line separators. */
function embed(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
