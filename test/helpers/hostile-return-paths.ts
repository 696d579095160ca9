/**
 * Return paths an attacker would try, each meant to end the user's browser
 * anywhere but on the app's origin. Shared by the unit table of safeReturnTo
 * and the flow tests that send each one through the real routes.
 */
export const HOSTILE_RETURN_PATHS: readonly string[] = [
  // Protocol-relative, plain and after the parser normalises dot segments.
  "//evil.example/",
  "///evil.example/",
  "/.//evil.example/",
  "/..//evil.example/",
  "/a/..//evil.example/",
  "/././/evil.example/",
  // Encoded dots (the URL parser decodes %2e in dot segments).
  "/%2e//evil.example/",
  "/%2E%2E//evil.example/",
  "/a/%2e%2e//evil.example/",
  // Backslashes, which special URLs read as slashes.
  "/\\evil.example/",
  "/\\/evil.example/",
  "\\\\evil.example/",
  "/.\\/evil.example/",
  // Tabs and newlines, which the parser drops.
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/\r\n/evil.example/",
  "\t//evil.example/",
  // Other schemes.
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  // Absolute URLs: another host, the app's host on another port or scheme.
  "https://evil.example/",
  "http://app.test:8080/",
  "//app.test:8080/",
  "https://app.test/",
  // Userinfo tricks: the host is what follows the @.
  "//app.test@evil.example/",
  "https://app.test@evil.example/",
  "//evil.example\\@app.test/",
  // Encoded slashes must stay encoded (a path on the app), never become //.
  "/%2F%2Fevil.example/",
  "/%5C%5Cevil.example/",
];
