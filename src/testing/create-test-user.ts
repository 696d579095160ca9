import { randomBytes } from "node:crypto";
import { insertUserIfAbsent } from "../issuer/store/users.js";
import type { TestIssuer } from "./start-test-issuer.js";

/** A user made by `createTestUser`: sign in with `email` and `password`. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  name?: string;
}

/**
 * A new user in the test issuer's store, with no factor enrolled, so that each
 * test builds its own state (the issuer's one default user soon has factors
 * and used TOTP steps that another test would trip over).
 * @example
 * const user = await createTestUser(app.issuer);
 * const browser = await app.signIn({ user });
 */
export async function createTestUser(
  testIssuer: Pick<TestIssuer, "issuer" | "clock">,
  options: { email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const user = {
    id: randomBytes(8).toString("hex"),
    email: options.email ?? `user-${randomBytes(6).toString("hex")}@example.com`,
    password: options.password ?? randomBytes(12).toString("base64url"),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  await insertUserIfAbsent(testIssuer.issuer.db, {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    // The issuer's own cost: a test issuer's is cheap (insecureFastPasswordHashing).
    password_hash: await testIssuer.issuer.hashPassword(user.password),
    created_at: testIssuer.clock.now(),
  });
  return user;
}
