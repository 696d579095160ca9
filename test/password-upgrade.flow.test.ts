// Passwords at OWASP's cost, and hashes made with weaker parameters upgraded
// at the next successful sign-in, through the hosted login.
import { describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import { hashPassword, INSECURE_FAST_PASSWORD_HASH_PARAMS } from "../src/issuer/crypto/password.js";
import {
  findUserByEmail,
  insertUserIfAbsent,
  replacePasswordHash,
} from "../src/issuer/store/users.js";
import {
  createTestUser,
  signInForTokens,
  startTestIssuer,
  type TestIssuer,
} from "../src/testing/index.js";

const OWASP_PREFIX = "scrypt$131072$8$1$";

/** An issuer at full cost (no insecureFastPasswordHashing), with no seeded user. */
function startFullCostIssuer(): Promise<TestIssuer> {
  return startTestIssuer({ insecureFastPasswordHashing: false, users: [] });
}

async function addUser(t: TestIssuer, passwordHash: (password: string) => Promise<string>) {
  const user = {
    email: `u-${randomBytes(6).toString("hex")}@example.com`,
    password: randomBytes(9).toString("hex"),
  };
  await insertUserIfAbsent(t.issuer.db, {
    id: randomBytes(8).toString("hex"),
    email: user.email,
    name: null,
    password_hash: await passwordHash(user.password),
    created_at: t.clock.now(),
  });
  return user;
}

const storedHash = async (t: TestIssuer, email: string) =>
  (await findUserByEmail(t.issuer.db, email))!.password_hash;

describe("password hash upgrade at sign-in", () => {
  it("rehashes a weaker hash with OWASP's parameters after a correct password, and the password keeps working", async () => {
    const t = await startFullCostIssuer();
    try {
      const user = await addUser(t, (p) => hashPassword(p, INSECURE_FAST_PASSWORD_HASH_PARAMS));
      const weak = await storedHash(t, user.email);

      // A wrong password changes nothing.
      await expect(
        signInForTokens({ ...t, user: { ...user, password: "wrong" } }),
      ).rejects.toThrow();
      expect(await storedHash(t, user.email)).toBe(weak);

      await signInForTokens({ ...t, user });
      const upgraded = await storedHash(t, user.email);
      expect(upgraded.startsWith(OWASP_PREFIX)).toBe(true);

      // The new hash holds the same password, and is not upgraded again.
      await signInForTokens({ ...t, user });
      expect(await storedHash(t, user.email)).toBe(upgraded);
    } finally {
      await t.close();
    }
  });

  it("never overwrites a hash that changed since it was read (compare-and-set)", async () => {
    const t = await startTestIssuer();
    try {
      const user = await addUser(t, (p) => hashPassword(p, INSECURE_FAST_PASSWORD_HASH_PARAMS));
      const row = (await findUserByEmail(t.issuer.db, user.email))!;
      expect(await replacePasswordHash(t.issuer.db, row.id, "scrypt$stale", "scrypt$new")).toBe(
        false,
      );
      expect(await storedHash(t, user.email)).toBe(row.password_hash);
      expect(await replacePasswordHash(t.issuer.db, row.id, row.password_hash, "scrypt$new")).toBe(
        true,
      );
      expect(await storedHash(t, user.email)).toBe("scrypt$new");
    } finally {
      await t.close();
    }
  });
});

describe("the test-cost option", () => {
  it("is what test issuers use while devMode is on, for seeded and created users", async () => {
    const t = await startTestIssuer();
    try {
      expect((await storedHash(t, t.user.email)).startsWith("scrypt$1024$8$1$")).toBe(true);
      const created = await createTestUser(t);
      expect((await storedHash(t, created.email)).startsWith("scrypt$1024$8$1$")).toBe(true);
    } finally {
      await t.close();
    }
  });

  it("is off with devMode off: users are seeded at OWASP's cost", async () => {
    const t = await startTestIssuer({ devMode: false });
    try {
      expect((await storedHash(t, t.user.email)).startsWith(OWASP_PREFIX)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it("is refused without devMode", async () => {
    await expect(
      startTestIssuer({ devMode: false, insecureFastPasswordHashing: true }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
