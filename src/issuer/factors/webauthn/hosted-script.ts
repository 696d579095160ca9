import { createHash } from "node:crypto";

/**
 * The hosted passkey page's only script, inline and allowed by its hash in
 * the page's CSP (no 'unsafe-inline', no script URL). It reads the options
 * from the page's JSON data block, runs navigator.credentials.get on a click
 * (Safari wants a user gesture), writes the answer as
 * AuthenticationResponseJSON into the form's `code` field and posts the form;
 * the issuer checks everything. Plain ES2017 without modules: it must run as
 * written in every browser that has WebAuthn.
 */
export const PASSKEY_PAGE_SCRIPT = `(function () {
  var button = document.getElementById("passkey-start");
  var form = document.getElementById("passkey-form");
  var status = document.getElementById("passkey-status");
  var options = JSON.parse(document.getElementById("passkey-options").textContent);
  document.getElementById("passkey-needs-script").hidden = true;
  function toBytes(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  function toText(buffer) {
    var bytes = new Uint8Array(buffer), binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  }
  if (!window.PublicKeyCredential || !navigator.credentials) {
    status.textContent = "This browser cannot use passkeys. Use another method.";
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Follow your browser's prompt to use your passkey.";
    navigator.credentials.get({
      publicKey: {
        challenge: toBytes(options.challenge),
        rpId: options.rpId,
        timeout: options.timeout,
        userVerification: options.userVerification,
        allowCredentials: (options.allowCredentials || []).map(function (credential) {
          return { type: "public-key", id: toBytes(credential.id), transports: credential.transports };
        })
      }
    }).then(function (credential) {
      var response = credential.response;
      form.elements.code.value = JSON.stringify({
        id: credential.id,
        rawId: toText(credential.rawId),
        type: credential.type,
        authenticatorAttachment: credential.authenticatorAttachment || undefined,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: {
          clientDataJSON: toText(response.clientDataJSON),
          authenticatorData: toText(response.authenticatorData),
          signature: toText(response.signature),
          userHandle: response.userHandle ? toText(response.userHandle) : undefined
        }
      });
      status.textContent = "Checking your passkey…";
      form.submit();
    }, function () {
      button.disabled = false;
      status.textContent = "The passkey was not used: the request was cancelled, timed out or refused. Try again, or use another method.";
    });
  });
})();`;

/** The CSP source of PASSKEY_PAGE_SCRIPT (CSP3 hash-source). */
export const PASSKEY_PAGE_SCRIPT_HASH = `sha256-${createHash("sha256").update(PASSKEY_PAGE_SCRIPT, "utf8").digest("base64")}`;
