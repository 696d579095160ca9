/**
 * The two authorization servers the SDK's flow tests run against, behind
 * one interface: our issuer (in process) and the recorded Auth0 tenant
 * (test/fakes/auth0-tenant.ts). A test written once against `Tenant` runs
 * against both (`describe.each(TENANTS)`).
 */
import { randomBytes } from "node:crypto";
import { AuthClient } from "../../src/server/index.js";
import type { AuthClientOptions } from "../../src/server/config.js";
import {
  answerPush,
  createTestBrowser,
  createTestUser,
  generateTotp,
  readLatestCode,
  type TestBrowser,
} from "../../src/testing/index.js";
import {
  AUTH0_CLIENT_ID,
  AUTH0_CLIENT_SECRET,
  AUTH0_DOMAIN,
  createAuth0Tenant,
  type Auth0Tenant,
  type Auth0User,
} from "../fakes/auth0-tenant.js";
import { startStepUpApp } from "./step-up-app.js";

const APP = "http://app.test";
export const PAYMENTS = "https://api.example.com/payments";

/** A user of the tenant, with no factor yet. */
export interface TenantUser {
  email: string;
  /** A new browser signed in as this user (a new session, no MFA yet). */
  signIn(): Promise<TestBrowser>;
}

export interface Tenant {
  name: "issuer" | "auth0";
  auth: AuthClient;
  /** The API whose token needs a step-up. */
  audience: string;
  newUser(): Promise<TenantUser>;
  /** The code the authenticator app shows for `secret`, a time step after the last one used. */
  totp(secret: string): Promise<string>;
  /** The newest code texted to `phone`. */
  smsCode(phone: string): Promise<string>;
  /** The user's device answers their newest pending push. */
  answerPush(user: TenantUser, answer: "approve" | "deny"): Promise<void>;
  /** Moves the tenant's (and the app's) clock forward. */
  advance(seconds: number): void;
  /** `regenerateRecoveryCodes` works (the issuer), or is `unsupported_operation` (Auth0). */
  regeneratesRecoveryCodes: boolean;
  close(): Promise<void>;
}

async function startIssuerTenant(auth: Partial<AuthClientOptions>): Promise<Tenant> {
  const app = await startStepUpApp({ auth });
  return {
    name: "issuer",
    auth: app.auth,
    audience: app.issuer.audience,
    async newUser() {
      const user = await createTestUser(app.issuer);
      return { email: user.email, signIn: () => app.signIn({ user }) };
    },
    async totp(secret) {
      app.issuer.clock.advance(30);
      return generateTotp(secret, app.issuer.clock.now());
    },
    smsCode: (phone) => readLatestCode(app.issuer, phone),
    answerPush: (user, answer) => answerPush(app.issuer, { to: user.email, answer }),
    advance: (seconds) => app.issuer.clock.advance(seconds),
    regeneratesRecoveryCodes: true,
    close: () => app.close(),
  };
}

async function startAuth0Tenant(auth: Partial<AuthClientOptions>): Promise<Tenant> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const tenant: Auth0Tenant = createAuth0Tenant({ now, stepUpAudiences: [PAYMENTS] });
  const client = new AuthClient({
    issuerBaseUrl: AUTH0_DOMAIN,
    clientId: AUTH0_CLIENT_ID,
    clientSecret: AUTH0_CLIENT_SECRET,
    secret: randomBytes(32).toString("base64url"),
    appBaseUrl: APP,
    clock: now,
    ...auth,
    fetch: tenant.fetch,
  });
  const users = new Map<string, Auth0User>();
  return {
    name: "auth0",
    auth: client,
    audience: PAYMENTS,
    async newUser() {
      const user = tenant.addUser();
      users.set(user.email, user);
      return {
        email: user.email,
        async signIn() {
          tenant.signInAs(user);
          const browser = createTestBrowser({ auth: client, url: APP });
          const login = await browser.fetch("/auth/login?returnTo=/");
          const authorize = await tenant.fetch(login.headers.get("location")!);
          const callback = await browser.fetch(authorize.headers.get("location")!);
          if (callback.status !== 302) throw new Error(`callback answered ${callback.status}`);
          return browser;
        },
      };
    },
    async totp(secret) {
      offset += 30_000;
      return generateTotp(secret, now());
    },
    async smsCode(phone) {
      const code = tenant.sms.get(phone)?.at(-1);
      if (!code) throw new TypeError(`No code was texted to ${phone}`);
      return code;
    },
    async answerPush(user, answer) {
      tenant.answerPush(users.get(user.email)!, answer === "approve" ? "accept" : "reject");
    },
    advance: (seconds) => {
      offset += seconds * 1000;
    },
    regeneratesRecoveryCodes: false,
    close: async () => undefined,
  };
}

/** Both tenants, for `describe.each(TENANTS)`: each starts its own, with these AuthClient options. */
export const TENANTS: Array<{
  name: Tenant["name"];
  start(auth?: Partial<AuthClientOptions>): Promise<Tenant>;
}> = [
  { name: "issuer", start: (auth = {}) => startIssuerTenant(auth) },
  { name: "auth0", start: (auth = {}) => startAuth0Tenant(auth) },
];
