import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import {
  SoftAuthenticator,
  type CeremonyOverrides,
} from "../../../../test/fakes/soft-authenticator.js";
import { openPooledStore } from "../../../testing/store-pool.js";
import { createSecretBox, PURPOSE } from "../../crypto/secret-box.js";
import { sha256Hex } from "../../crypto/hash.js";
import type { IssuerDeps } from "../../deps.js";
import type { SqlStore } from "../../store/sql-client.js";
import { insertUserIfAbsent } from "../../store/users.js";
import { beginAuthentication, verifyAssertion } from "./authentication.js";
import { claimCeremony, findCeremonyByCode, type CeremonyRow } from "./ceremony-store.js";
import { insertCredential, recordAssertion, type CredentialRow } from "./credential-store.js";
import { beginRegistration, verifyRegistration } from "./registration.js";
import type { RelyingParty } from "./relying-party.js";

// The two checks of the factor, straight on a store: verifyRegistration and
// verifyAssertion against ceremonies as the issuer pins them, answered by a
// software authenticator that forges one thing at a time. The HTTP flow tests
// (test/webauthn.flow.test.ts) cover the same refusals through the grant.

const APP = "https://app.example.com";
const PARTY: RelyingParty = {
  id: "app.example.com",
  name: "Example",
  origins: [APP],
  userVerification: "required",
};
const NOW = 1_800_000_000_000;

let db: SqlStore;
let deps: IssuerDeps;
beforeAll(async () => {
  db = await openPooledStore();
  // Only the sealing box is read by these functions.
  const webauthnBox = await createSecretBox(
    ["unit-test-secret-0123456789abcdefghij"],
    PURPOSE.webauthnPublicKey,
  );
  deps = { webauthnBox } as unknown as IssuerDeps;
}, 60_000);
afterAll(() => db.close());

async function newUser(): Promise<string> {
  const id = randomBytes(8).toString("hex");
  await insertUserIfAbsent(db, {
    id,
    email: `${id}@example.com`,
    name: null,
    password_hash: "unused",
    created_at: NOW,
  });
  return id;
}

/** Starts a ceremony's claim as the grant does: found by its oob_code, then spent. */
async function claimed(oobCode: string): Promise<CeremonyRow> {
  const ceremony = await findCeremonyByCode(db, sha256Hex(oobCode));
  expect(await claimCeremony(db, sha256Hex(oobCode), NOW + 1)).toBe(true);
  return ceremony!;
}

async function startRegistration(userId: string, party = PARTY) {
  return beginRegistration(deps, db, {
    user: { id: userId, email: `${userId}@example.com`, name: null },
    binding: `mfa_token:${randomBytes(8).toString("hex")}`,
    party,
    credentialKey: `webauthn|${randomBytes(8).toString("hex")}`,
    name: "Laptop",
    existing: [],
    now: NOW,
  });
}

/** A user with one registered passkey on `authenticator`. */
async function registered(authenticator = new SoftAuthenticator(), party = PARTY) {
  const userId = await newUser();
  const { oobCode, options } = await startRegistration(userId, party);
  const row = await verifyRegistration(
    deps,
    await claimed(oobCode),
    authenticator.register(options, { origin: APP }),
    NOW,
  );
  expect(row).toBeDefined();
  expect(await insertCredential(db, row!)).toBe(true);
  return { userId, authenticator, credential: { ...row!, last_auth_at: NOW } as CredentialRow };
}

async function startAuthentication(
  s: { userId: string; credential: CredentialRow },
  party = PARTY,
) {
  return beginAuthentication(db, {
    userId: s.userId,
    binding: `mfa_token:${randomBytes(8).toString("hex")}`,
    party,
    credentials: [s.credential],
    credentialKey: null,
    now: NOW,
  });
}

describe("verifyRegistration", () => {
  it("returns the passkey to store: sealed key, counter, backup flags, the ceremony's RP ID and name", async () => {
    const userId = await newUser();
    const { oobCode, options } = await startRegistration(userId);
    const authenticator = new SoftAuthenticator({ deviceType: "multiDevice", backedUp: true });
    const row = await verifyRegistration(
      deps,
      await claimed(oobCode),
      authenticator.register(options, { origin: APP }),
      NOW,
    );
    expect(row).toEqual(
      expect.objectContaining({
        user_id: userId,
        credential_id: [...authenticator.credentials.keys()][0],
        rp_id: "app.example.com",
        counter: 1,
        transports: ["internal"],
        device_type: "multiDevice",
        backed_up: true,
        name: "Laptop",
        created_at: NOW,
      }),
    );
    expect(row!.public_key_sealed).toMatch(/^v1\./);
  });

  it.each<[string, Partial<CeremonyOverrides>]>([
    ["a wrong origin", { origin: "https://app.example.com.evil.test" }],
    ["a wrong RP ID", { rpId: "evil.test" }],
    ["a wrong challenge", { challenge: randomBytes(32).toString("base64url") }],
    ["missing user verification", { userVerified: false }],
    ["an assertion's type", { type: "webauthn.get" }],
  ])("refuses %s", async (_name, overrides) => {
    const { oobCode, options } = await startRegistration(await newUser());
    const response = new SoftAuthenticator().register(options, { origin: APP, ...overrides });
    expect(await verifyRegistration(deps, await claimed(oobCode), response, NOW)).toBeUndefined();
  });

  it("accepts an answer without user verification when the party only prefers it", async () => {
    const party = { ...PARTY, userVerification: "preferred" as const };
    const { oobCode, options } = await startRegistration(await newUser(), party);
    const response = new SoftAuthenticator().register(options, {
      origin: APP,
      userVerified: false,
    });
    expect(await verifyRegistration(deps, await claimed(oobCode), response, NOW)).toBeDefined();
  });

  it("refuses an authentication ceremony's challenge", async () => {
    const s = await registered();
    const { oobCode, options } = await startAuthentication(s);
    // A registration answer signed over the authentication challenge.
    const forged = new SoftAuthenticator().register(
      { ...(await startRegistration(s.userId)).options, challenge: options.challenge },
      { origin: APP },
    );
    expect(await verifyRegistration(deps, await claimed(oobCode), forged, NOW)).toBeUndefined();
  });
});

describe("verifyAssertion", () => {
  it("accepts the user's passkey: the new counter and hwk for a device-bound one", async () => {
    const s = await registered();
    const { oobCode, options } = await startAuthentication(s);
    const outcome = await verifyAssertion(
      deps,
      db,
      await claimed(oobCode),
      s.authenticator.authenticate(options, { origin: APP }),
    );
    expect(outcome).toEqual(
      expect.objectContaining({ ok: true, counter: 2, deviceType: "singleDevice", method: "hwk" }),
    );
  });

  it.each<[string, Partial<CeremonyOverrides>]>([
    ["a wrong origin", { origin: "https://evil.test" }],
    ["a wrong RP ID", { rpId: "evil.test" }],
    ["a wrong challenge", { challenge: randomBytes(32).toString("base64url") }],
    ["missing user verification", { userVerified: false }],
    ["a registration's type", { type: "webauthn.create" }],
  ])("refuses %s", async (_name, overrides) => {
    const s = await registered();
    const { oobCode, options } = await startAuthentication(s);
    const response = s.authenticator.authenticate(options, { origin: APP, ...overrides });
    expect(await verifyAssertion(deps, db, await claimed(oobCode), response)).toEqual(
      expect.objectContaining({ ok: false, reason: "refused" }),
    );
  });

  it("accepts an assertion without user verification when the party only prefers it", async () => {
    const party = { ...PARTY, userVerification: "preferred" as const };
    const s = await registered(new SoftAuthenticator(), party);
    const { oobCode, options } = await startAuthentication(s, party);
    const response = s.authenticator.authenticate(options, { origin: APP, userVerified: false });
    expect(await verifyAssertion(deps, db, await claimed(oobCode), response)).toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it("refuses another user's passkey, even one that signs this challenge", async () => {
    const alice = await registered();
    const bob = await registered();
    const { oobCode, options } = await startAuthentication(alice);
    const response = bob.authenticator.authenticate(options, {
      origin: APP,
      credentialId: bob.credential.credential_id,
    });
    const outcome = await verifyAssertion(deps, db, await claimed(oobCode), response);
    expect(outcome).toEqual({ ok: false, reason: "refused" });
  });

  it("refuses a user handle that names another user", async () => {
    const s = await registered();
    const { oobCode, options } = await startAuthentication(s);
    const response = s.authenticator.authenticate(options, { origin: APP });
    response.response.userHandle = Buffer.from("someone-else").toString("base64url");
    expect(await verifyAssertion(deps, db, await claimed(oobCode), response)).toEqual(
      expect.objectContaining({ ok: false, reason: "refused" }),
    );
  });

  it("reports a genuine signature whose counter did not grow as counter_regressed", async () => {
    const s = await registered();
    const { oobCode, options } = await startAuthentication(s);
    // The registration stored counter 1: a clone answering with 1 again.
    const response = s.authenticator.authenticate(options, { origin: APP, counter: 1 });
    expect(await verifyAssertion(deps, db, await claimed(oobCode), response)).toEqual(
      expect.objectContaining({ ok: false, reason: "counter_regressed" }),
    );
  });

  it("a replayed assertion: its spent challenge cannot be claimed, and a new one does not match it", async () => {
    const s = await registered();
    const first = await startAuthentication(s);
    const assertion = s.authenticator.authenticate(first.options, { origin: APP });
    const outcome = await verifyAssertion(deps, db, await claimed(first.oobCode), assertion);
    expect(outcome.ok).toBe(true);
    expect(
      await recordAssertion(db, s.credential.id, { counter: 2, backedUp: false, now: NOW }),
    ).toBe(true);
    expect(await claimCeremony(db, sha256Hex(first.oobCode), NOW + 2)).toBe(false);
    const second = await startAuthentication(s);
    expect(await verifyAssertion(deps, db, await claimed(second.oobCode), assertion)).toEqual(
      expect.objectContaining({ ok: false }),
    );
  });

  it("refuses a registration ceremony, and a public key moved from another row", async () => {
    const s = await registered();
    const { oobCode, options } = await startRegistration(s.userId);
    const registration = await claimed(oobCode);
    const assertion = s.authenticator.authenticate(
      {
        challenge: options.challenge,
        rpId: PARTY.id,
        allowCredentials: [{ id: s.credential.credential_id, type: "public-key" }],
      },
      { origin: APP },
    );
    expect(await verifyAssertion(deps, db, registration, assertion)).toEqual({
      ok: false,
      reason: "refused",
    });

    const other = await registered();
    await db.query("UPDATE webauthn_credentials SET public_key_sealed = $2 WHERE id = $1", [
      s.credential.id,
      other.credential.public_key_sealed,
    ]);
    const auth = await startAuthentication(s);
    const response = s.authenticator.authenticate(auth.options, { origin: APP });
    expect(await verifyAssertion(deps, db, await claimed(auth.oobCode), response)).toEqual(
      expect.objectContaining({ ok: false, reason: "refused" }),
    );
  });
});
