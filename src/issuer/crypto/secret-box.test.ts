import { describe, expect, it } from "@jest/globals";
import { createSecretBox } from "./secret-box.js";

const SECRET = "a".repeat(32);
const OTHER = "b".repeat(32);

describe("createSecretBox", () => {
  it("round-trips and never stores the plaintext", async () => {
    const box = await createSecretBox([SECRET], "purpose");
    const sealed = box.seal("JBSWY3DPEHPK3PXP", "totp|1");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(sealed.split(".")[1]).toBe(box.keyId);
    expect(box.open(sealed, "totp|1")).toBe("JBSWY3DPEHPK3PXP");
  });

  it("uses a fresh IV each time", async () => {
    const box = await createSecretBox([SECRET], "purpose");
    expect(box.seal("x", "c")).not.toBe(box.seal("x", "c"));
  });

  it.each([
    [
      "a tampered ciphertext",
      (s: string) => s.slice(0, -2) + (s.endsWith("A") ? "BB" : "AA"),
      "totp|1",
    ],
    ["another row's context", (s: string) => s, "totp|2"],
    ["a malformed value", () => "v1.only-two", "totp|1"],
    ["an unknown key id", (s: string) => s.replace(/^v1\.[^.]+\./, "v1.zzzzzzzz."), "totp|1"],
  ])("refuses %s", async (_name, mutate, context) => {
    const box = await createSecretBox([SECRET], "purpose");
    const sealed = box.seal("secret", "totp|1");
    expect(() => box.open(mutate(sealed), context)).toThrow();
  });

  it("derives separate keys per purpose", async () => {
    const a = await createSecretBox([SECRET], "purpose a");
    const b = await createSecretBox([SECRET], "purpose b");
    expect(a.keyId).not.toBe(b.keyId);
    expect(() => b.open(a.seal("x", "c"), "c")).toThrow();
  });

  it("opens values sealed under a previous secret after rotation, sealing with the new one", async () => {
    const old = await createSecretBox([OTHER], "purpose");
    const rotated = await createSecretBox([SECRET, OTHER], "purpose");
    const sealedBefore = old.seal("seed", "c");
    expect(rotated.open(sealedBefore, "c")).toBe("seed");
    expect(rotated.seal("seed", "c").split(".")[1]).toBe(rotated.keyId);
    expect(rotated.keyId).not.toBe(old.keyId);
  });
});
