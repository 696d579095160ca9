import { describe, expect, it } from "@jest/globals";
import { importSealKey, seal, unseal } from "./seal.js";

const SECRET = "s".repeat(32);

describe("seal / unseal", () => {
  it("round-trips JSON as a dir+A256GCM compact JWE", async () => {
    const key = await importSealKey(SECRET, "purpose a");
    const jwe = await seal({ hello: "world", n: 1 }, key);
    expect(jwe.split(".")).toHaveLength(5);
    const header = JSON.parse(atob(jwe.split(".")[0]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(header).toEqual({ alg: "dir", enc: "A256GCM" });
    await expect(unseal(jwe, key)).resolves.toEqual({ hello: "world", n: 1 });
  });

  it("rejects a tampered token and a key of another purpose", async () => {
    const key = await importSealKey(SECRET, "purpose a");
    const other = await importSealKey(SECRET, "purpose b");
    const jwe = await seal({ a: 1 }, key);
    const parts = jwe.split(".");
    parts[3] = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    await expect(unseal(parts.join("."), key)).rejects.toThrow();
    await expect(unseal(jwe, other)).rejects.toThrow();
    await expect(unseal("not-a-jwe", key)).rejects.toThrow();
  });
});
