import { describe, expect, it } from "@jest/globals";
import { randomId, sha256Hex } from "../../crypto/hash.js";
import { hostedOobBinding, hostedOobSalt } from "./hosted-binding.js";

describe("hosted oob binding", () => {
  const transaction = randomId(32);

  it("is a stable hash of the transaction, never the transaction's own key or an mfa_token's hash", () => {
    const binding = hostedOobBinding(transaction);
    expect(binding).toMatch(/^[0-9a-f]{64}$/);
    expect(hostedOobBinding(transaction)).toBe(binding);
    expect(binding).not.toBe(sha256Hex(transaction)); // authorization_requests.id_hash
    expect(hostedOobBinding(randomId(32))).not.toBe(binding);
    expect(binding).not.toContain(transaction);
  });

  it("salts with both the transaction and the row key", () => {
    const salt = hostedOobSalt(transaction, "row-a");
    expect(hostedOobSalt(transaction, "row-b")).not.toBe(salt);
    expect(hostedOobSalt(randomId(32), "row-a")).not.toBe(salt);
    expect(salt).toContain(transaction);
  });
});
