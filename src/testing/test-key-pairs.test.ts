import { describe, expect, it, jest } from "@jest/globals";
import { exportJWK } from "jose";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STORE_IMAGE_DIR_ENV } from "./store-image.js";

describe("reusedTestKeyPair", () => {
  it("makes one pair per algorithm for the run and leaves it in the run's folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "next-stepup-keys-"));
    const previous = process.env[STORE_IMAGE_DIR_ENV];
    process.env[STORE_IMAGE_DIR_ENV] = dir;
    try {
      // A fresh module: its memo is empty, as in a new test file's registry.
      const { reusedTestKeyPair } = await import("./test-key-pairs.js");
      const first = await reusedTestKeyPair("ES256");
      expect(await reusedTestKeyPair("ES256")).toBe(first);
      const saved = JSON.parse(await readFile(join(dir, "test-key-ES256.json"), "utf8"));
      expect(saved.publicJwk).toEqual(await exportJWK(first.publicKey));
      expect(saved.privateJwk.d).toEqual(expect.any(String));
      // Another process of the run (a module registry of its own) reads that pair.
      await jest.isolateModulesAsync(async () => {
        const again = await import("./test-key-pairs.js");
        const pair = await again.reusedTestKeyPair("ES256");
        expect(pair).not.toBe(first);
        expect(await exportJWK(pair.publicKey)).toEqual(saved.publicJwk);
      });
    } finally {
      if (previous === undefined) delete process.env[STORE_IMAGE_DIR_ENV];
      else process.env[STORE_IMAGE_DIR_ENV] = previous;
    }
  });
});
