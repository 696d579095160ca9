import { describe, expect, it } from "@jest/globals";
import { allowsInsecureRequests } from "./oauth-client.js";

describe("allowsInsecureRequests", () => {
  it.each([
    ["http://localhost:4000", false, true],
    ["http://127.0.0.1:4000", false, true],
    ["http://issuer.test", true, true],
    ["http://issuer.test", false, false],
    ["http://issuer.example.com", true, false],
    ["https://tenant.auth0.com", false, false],
  ])("%s (injected fetch %s) → %s", (url, injected, expected) => {
    expect(allowsInsecureRequests(new URL(url), injected)).toBe(expected);
  });
});
