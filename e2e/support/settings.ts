import { readFileSync } from "node:fs";

/**
 * The E2E stack's fixed settings, read from the two JSON files that the
 * issuer CLI (issuer.config.json) and `next build`/`next start`
 * (app.env.json, via scripts/e2e.mjs and playwright.config.ts) also read.
 * The secrets in them are for this throw-away, in-memory test stack only.
 */
const readJson = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(name, import.meta.url), "utf8")) as T;

export interface TestUser {
  email: string;
  password: string;
  name: string;
}

interface IssuerConfig {
  issuer: string;
  users: TestUser[];
  /** Short in the e2e stack, so that no spec waits out the default 30 s. */
  oobResendCooldownSeconds: number;
}

export const issuerConfig = readJson<IssuerConfig>("./issuer.config.json");
export const appEnv = readJson<Record<string, string>>("./app.env.json");

/**
 * The seeded user number `n` (1-based). Each spec uses its own user so that
 * specs never share enrolled factors, recovery codes or used TOTP steps.
 */
export function testUser(n: number): TestUser {
  const user = issuerConfig.users[n - 1];
  if (!user) throw new RangeError(`e2e/support/issuer.config.json seeds no user #${n}`);
  return user;
}

/** A seeded user by email (later specs look their users up by email, not by position). */
export function userByEmail(email: string): TestUser {
  const user = issuerConfig.users.find((candidate) => candidate.email === email);
  if (!user) throw new RangeError(`e2e/support/issuer.config.json seeds no ${email}`);
  return user;
}

/**
 * The email/SMS resend cooldown, in seconds. The app's button counts down the
 * same number (NEXT_PUBLIC_STEPUP_RESEND_COOLDOWN_SECONDS, built in); a
 * mismatch would make the resend spec wait for the wrong one, so it throws.
 */
export function resendCooldownSeconds(): number {
  const issuer = issuerConfig.oobResendCooldownSeconds;
  const app = Number(appEnv.NEXT_PUBLIC_STEPUP_RESEND_COOLDOWN_SECONDS);
  if (issuer !== app) {
    throw new Error(`resend cooldown: issuer.config.json says ${issuer}, app.env.json ${app}`);
  }
  return issuer;
}
