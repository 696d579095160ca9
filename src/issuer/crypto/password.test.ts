import { describe, expect, it, jest } from "@jest/globals";
import crypto from "node:crypto";
import {
  createPasswordHasher,
  hashPassword,
  INSECURE_FAST_PASSWORD_HASH_PARAMS,
  PASSWORD_HASH_PARAMS,
} from "./password.js";

const FAST = INSECURE_FAST_PASSWORD_HASH_PARAMS;

/** The (N, r, p) of every scrypt call `run` makes. */
async function scryptCallsOf(run: () => Promise<unknown>): Promise<unknown[]> {
  const spy = jest.spyOn(crypto, "scrypt");
  try {
    await run();
    return spy.mock.calls.map((call) => {
      const { N, r, p } = call[3] as { N: number; r: number; p: number };
      return { N, r, p };
    });
  } finally {
    spy.mockRestore();
  }
}

describe("password hashing", () => {
  it("uses OWASP's scrypt parameters by default (N=2^17, r=8, p=1) and names them in the hash", async () => {
    expect(PASSWORD_HASH_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const hasher = createPasswordHasher();
    // 128 MiB: above Node's default maxmem, so this also proves the memory cap is raised.
    const hash = await hasher.hash("correct horse");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await expect(hasher.verify("correct horse", hash)).resolves.toEqual({
      valid: true,
      needsRehash: false,
    });
  });

  it("refuses a wrong password", async () => {
    const hasher = createPasswordHasher(FAST);
    const hash = await hasher.hash("correct horse");
    expect(hash.startsWith("scrypt$1024$8$1$")).toBe(true);
    await expect(hasher.verify("correct horsf", hash)).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it("salts per hash", async () => {
    expect(await hashPassword("same", FAST)).not.toBe(await hashPassword("same", FAST));
  });

  it("checks with the stored parameters and asks to rehash only a right password under weaker ones", async () => {
    const hasher = createPasswordHasher({ N: 2048, r: 8, p: 1 });
    const weaker = await hashPassword("pw", FAST);
    await expect(hasher.verify("pw", weaker)).resolves.toEqual({ valid: true, needsRehash: true });
    await expect(hasher.verify("wrong", weaker)).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
    for (const params of [
      { N: 4096, r: 8, p: 1 },
      { N: 2048, r: 8, p: 2 },
    ]) {
      // Stronger in some way and weaker in none: kept as it is.
      const stronger = await hashPassword("pw", params);
      await expect(hasher.verify("pw", stronger)).resolves.toEqual({
        valid: true,
        needsRehash: false,
      });
    }
    const lowerBlock = await hashPassword("pw", { N: 4096, r: 4, p: 1 });
    await expect(hasher.verify("pw", lowerBlock)).resolves.toEqual({
      valid: true,
      needsRehash: true,
    });
  });

  it("checks an unknown user with the same scrypt work as a known one, and answers invalid", async () => {
    const hasher = createPasswordHasher({ N: 2048, r: 8, p: 1 });
    const stored = await hasher.hash("pw");
    // The dummy hash is made once, on the first unknown user; count the checks after it.
    await hasher.verify("pw", undefined);
    const known = await scryptCallsOf(() => hasher.verify("pw", stored));
    const unknown = await scryptCallsOf(async () => {
      await expect(hasher.verify("pw", undefined)).resolves.toEqual({
        valid: false,
        needsRehash: false,
      });
    });
    expect(known).toEqual([{ N: 2048, r: 8, p: 1 }]);
    expect(unknown).toEqual(known);
  });

  it.each([
    ["another scheme", "md5$abc"],
    ["N not a power of two", "scrypt$1000$8$1$c2FsdA$"],
    ["N of 1", "scrypt$1$8$1$c2FsdA$AAAA"],
    ["more than 256 MiB", `scrypt$${2 ** 20}$8$1$c2FsdA$${"A".repeat(43)}`],
    ["p of 0", `scrypt$1024$8$0$c2FsdA$${"A".repeat(43)}`],
    ["p beyond 16", `scrypt$1024$8$17$c2FsdA$${"A".repeat(43)}`],
    ["r not a number", `scrypt$1024$x$1$c2FsdA$${"A".repeat(43)}`],
    ["a short key", "scrypt$1024$8$1$c2FsdA$AAAA"],
    ["an extra field", `scrypt$1024$8$1$c2FsdA$${"A".repeat(43)}$x`],
  ])(
    "answers invalid for a malformed stored hash (%s), without running scrypt",
    async (_, stored) => {
      const hasher = createPasswordHasher(FAST);
      const calls = await scryptCallsOf(async () => {
        await expect(hasher.verify("x", stored)).resolves.toEqual({
          valid: false,
          needsRehash: false,
        });
      });
      expect(calls).toEqual([]);
    },
  );
});
