import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import {
  postgresBinForTests,
  runTestPostgres,
  type TestPostgres,
} from "../../testing/test-postgres.js";
import { reserveTokenAnswerAndBucket, takeBucketToken } from "./attempt-buckets.js";
import {
  claimTotpStep,
  findMfaTokenWithAuthenticators,
  insertAuthenticator,
  listAuthenticators,
} from "../factors/otp/store.js";
import { consumeAuthorizationCode, insertAuthorizationCode } from "./authorization-codes.js";
import {
  findMfaToken,
  insertMfaToken,
  refundMfaTokenAnswer,
  reserveMfaTokenAnswer,
} from "./mfa-tokens.js";
import { migrate, MIGRATIONS } from "./migrations.js";
import { openPgStore } from "./pg-client.js";
import { PGlite } from "@electric-sql/pglite";
import { IN_MEMORY_PGLITE_CONF, wrapPglite } from "./pglite-client.js";
import { loadBlankStoreImage } from "../../testing/store-image.js";
import { openPooledStore } from "../../testing/store-pool.js";
import {
  confirmRecoveryCodeSet,
  findActiveRecoveryCodeSet,
  insertRecoveryCodeSet,
  useRecoveryCode,
} from "../factors/recovery-code/store.js";
import { createSecretBox, PURPOSE } from "../crypto/secret-box.js";
import { loadSigningKeys } from "../crypto/signing-key.js";
import type { IssuerDeps } from "../deps.js";
import { sha256Hex } from "../crypto/hash.js";
import { answerRefreshGrant } from "../oauth/grants/refresh-rotation.js";
import type { IssuerClient } from "../options.js";
import {
  FAMILY_COLUMNS,
  findRefreshToken,
  insertRefreshFamily,
  consumeMfaTokenIntoFamily,
  revokeFamiliesFromCode,
  revokeLoginSessionFamilies,
  revokeUserFamilies,
  replaceCurrentRefreshToken,
} from "./refresh-tokens.js";
import { insertSigningKey, listSigningKeys } from "./signing-keys.js";
import {
  CEREMONY_TTL_MS,
  claimCeremony,
  createCeremony,
  findCeremonyByCode,
} from "../factors/webauthn/ceremony-store.js";
import {
  insertCredential,
  listCredentials,
  recordAssertion,
} from "../factors/webauthn/credential-store.js";
import { TransactionAbortedError, type SqlClient, type SqlStore } from "./sql-client.js";
import { findUserByEmail, insertUserIfAbsent } from "./users.js";

/**
 * Opens `count` stores over one new database (PGlite has one connection: the
 * same store), empty or already migrated. A migrated PGlite database is the
 * test image (src/testing/store-pool.ts), and an empty one the blank image
 * (src/testing/store-image.ts): not an initdb (plus the migrations) each,
 * seconds of CPU.
 */
type Driver = {
  open(count: number, state?: "empty" | "migrated"): Promise<SqlStore[]>;
  stop(): Promise<void>;
};

function pgliteDriver(): Driver {
  return {
    async open(_count, state = "empty") {
      const store = state === "migrated" ? await openPooledStore() : await openBlankPglite();
      return [store, store];
    },
    stop: async () => undefined,
  };
}

/**
 * An in-memory store as openPgliteStore() opens it, over a database just after
 * initdb: loaded from the run's blank image, not an initdb of its own.
 */
async function openBlankPglite(): Promise<SqlStore> {
  const db = await PGlite.create({
    loadDataDir: await loadBlankStoreImage(),
    postgresqlconf: IN_MEMORY_PGLITE_CONF,
  });
  return wrapPglite(db, { syncToFs: false });
}

function postgresDriver(bin: string): Driver {
  let server: Promise<TestPostgres> | undefined;
  return {
    async open(count, state = "empty") {
      server ??= runTestPostgres(bin);
      const url = await (await server).createDatabase();
      const stores = await Promise.all(
        Array.from({ length: count }, () => openPgStore({ connectionString: url })),
      );
      if (state === "migrated") await migrate(stores[0]!, 0);
      return stores;
    },
    stop: async () => (await server)?.stop(),
  };
}

const bin = postgresBinForTests();
const drivers: Array<[string, () => Driver]> = [["pglite", pgliteDriver]];
if (bin) drivers.push(["postgres", () => postgresDriver(bin)]);

const id = () => randomBytes(8).toString("hex");
/** Consumes an mfa_token as an MFA grant does (into its family); true when it did. */
const consume = (db: SqlClient, hash: string, familyId: string, now: number) =>
  consumeMfaTokenIntoFamily(db, { hash, familyId, maxAnswers: 5 }, ["mfa"], now).then(
    (spent) => spent.consumed,
  );
const N = 8;

describe.each(drivers)("store on %s", (_name, makeDriver) => {
  const driver = makeDriver();
  let db: SqlStore;
  const opened: SqlStore[] = [];
  beforeAll(async () => {
    const [store] = await driver.open(1, "migrated");
    db = store!;
    opened.push(db);
  });
  afterAll(async () => {
    for (const store of new Set(opened)) await store.close();
    await driver.stop();
  });

  async function seedFamily() {
    const userId = id();
    await insertUserIfAbsent(db, {
      id: userId,
      email: `${userId}@example.com`,
      name: null,
      password_hash: "x",
      created_at: 1,
    });
    const familyId = id();
    await insertRefreshFamily(db, {
      id: familyId,
      user_id: userId,
      client_id: "c",
      scope: "openid",
      audience: null,
      auth_time: 10,
      amr: ["pwd"],
      last_mfa_at: null,
      code_hash: null,
      mfa_times: null,
      created_at: 10,
      login_session_hash: `ls-${userId}`,
    });
    return { userId, familyId };
  }

  /** An mfa_token of `family`'s user (client "c", audience "a", scope "s"), expiring at 1,000. */
  function insertFamilyMfaToken(family: { userId: string; familyId: string }, hash: string) {
    return insertMfaToken(db, {
      token_hash: hash,
      user_id: family.userId,
      client_id: "c",
      audience: "a",
      scope: "s",
      family_id: family.familyId,
      expires_at: 1_000,
    });
  }

  it("migrates idempotently, also when two stores start at once on a fresh database", async () => {
    await migrate(db, 1);
    const stores = await driver.open(2);
    opened.push(...stores);
    await Promise.all(stores.map((store) => migrate(store, 2)));
    for (const store of [db, ...stores]) {
      const rows = await store.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    }
  });

  it("creates one signing key when two issuers start at once on a fresh database", async () => {
    const stores = await driver.open(2, "migrated");
    opened.push(...stores);
    await Promise.all(stores.map((store) => migrate(store, 2)));
    const signingBox = await createSecretBox(["k".repeat(32)], PURPOSE.signingKey);
    const keys = await Promise.all(stores.map((store) => loadSigningKeys(store, signingBox, 5)));
    // One key per algorithm (ID tokens RS256, access tokens ES256), the same on both.
    expect(keys[0]!.idToken.kid).toBe(keys[1]!.idToken.kid);
    expect(keys[0]!.accessToken.kid).toBe(keys[1]!.accessToken.kid);
    expect(keys[0]!.accessToken.alg).toBe("ES256");
    expect(await listSigningKeys(stores[0]!)).toHaveLength(2);
    expect(keys.map((key) => key.publicJwks.length)).toEqual([2, 2]);
  });

  it("returns the same JS types (int8 as number, arrays, jsonb, counts)", async () => {
    const { userId } = await seedFamily();
    expect(await findUserByEmail(db, `${userId}@EXAMPLE.com`)).toEqual({
      id: userId,
      email: `${userId}@example.com`,
      name: null,
      password_hash: "x",
      created_at: 1,
      email_verified: false,
    });
    const kid = id();
    const jwk = { kty: "RSA", n: "abc", e: "AQAB" };
    await insertSigningKey(db, {
      kid,
      alg: "RS256",
      public_jwk: jwk,
      private_jwk_sealed: "s",
      created_at: 1_700_000_000_000,
    });
    const key = (await listSigningKeys(db)).find((row) => row.kid === kid);
    expect(key).toEqual({
      kid,
      alg: "RS256",
      public_jwk: jwk,
      private_jwk_sealed: "s",
      created_at: 1_700_000_000_000,
    });
    const [count] = await db.query<{ n: number }>("SELECT count(*) AS n FROM users WHERE id = $1", [
      userId,
    ]);
    expect(count).toEqual({ n: 1 });
  });

  it("rolls a transaction back on a throw", async () => {
    const userId = id();
    const failing = db.transaction(async (tx) => {
      await insertUserIfAbsent(tx, {
        id: userId,
        email: `${userId}@x.test`,
        name: null,
        password_hash: "x",
        created_at: 1,
      });
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(await findUserByEmail(db, `${userId}@x.test`)).toBeUndefined();
  });

  it("refuses to commit when a statement failed inside, even if the error was caught", async () => {
    const userId = id();
    const user = (email: string) => ({
      id: userId,
      email,
      name: null,
      password_hash: "x",
      created_at: 1,
    });
    await expect(
      db.transaction(async (tx) => {
        await insertUserIfAbsent(tx, user(`${userId}@x.test`));
        // The same id under another email: a primary-key violation, caught.
        await insertUserIfAbsent(tx, user(`${userId}-again@x.test`)).catch(() => undefined);
        return "done";
      }),
    ).rejects.toBeInstanceOf(TransactionAbortedError);
    expect(await findUserByEmail(db, `${userId}@x.test`)).toBeUndefined();
    // The store works on afterwards.
    await db.transaction((tx) => insertUserIfAbsent(tx, user(`${userId}@x.test`)));
    expect(await findUserByEmail(db, `${userId}@x.test`)).toMatchObject({ id: userId });
  });

  it("consumes an mfa_token once under concurrent grants, and counts failures atomically", async () => {
    const seeded = await seedFamily();
    const { userId, familyId } = seeded;
    await insertFamilyMfaToken(seeded, "won-" + userId);
    const wins = await Promise.all(
      Array.from({ length: N }, () =>
        db.transaction((tx) => consume(tx, "won-" + userId, familyId, 500)),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await findMfaToken(db, "won-" + userId))?.consumed_at).toBe(500);

    // Answers are reserved before they are checked: of 8 parallel ones, 5 pass.
    const burn = "burn-" + userId;
    await insertFamilyMfaToken(seeded, burn);
    const reserved = await Promise.all(
      Array.from({ length: 8 }, () => reserveMfaTokenAnswer(db, burn, 500, 5)),
    );
    expect(reserved.filter(Boolean)).toHaveLength(5);
    // A reservation given back (the answer was never checked) frees one answer.
    await refundMfaTokenAnswer(db, burn);
    await expect(reserveMfaTokenAnswer(db, burn, 500, 5)).resolves.toBe(true);
    await expect(reserveMfaTokenAnswer(db, burn, 500, 5)).resolves.toBe(false);
    // The fifth answer was right: the token is consumed and its reservation returned.
    await expect(consume(db, burn, familyId, 500)).resolves.toBe(true);
    expect((await findMfaToken(db, burn))?.failed_attempts).toBe(4);
    await expect(reserveMfaTokenAnswer(db, burn, 500, 5)).resolves.toBe(false);
    await insertFamilyMfaToken(seeded, "late-" + userId);
    await expect(consume(db, "late-" + userId, familyId, 1_000)).resolves.toBe(false);
  });

  it("names every column of refresh_families in FAMILY_COLUMNS", async () => {
    const rows = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = $1",
      ["refresh_families"],
    );
    expect(rows.map((row) => row.column_name).sort()).toEqual([...FAMILY_COLUMNS].sort());
  });

  it("reserves an mfa_token's answer and the user's bucket token in one statement", async () => {
    const { userId, familyId } = await seedFamily();
    const hash = "both-" + userId;
    await insertFamilyMfaToken({ userId, familyId }, hash);
    const policy = { capacity: 3, refillMs: 60_000 };
    const reserve = (key: string, now = 500) =>
      reserveTokenAnswerAndBucket(db, { tokenHash: hash, maxAnswers: 5 }, key, policy, now);
    // Of 8 parallel answers, 5 reserve on the token, and 3 of those on the bucket.
    const all = await Promise.all(Array.from({ length: 8 }, () => reserve("b-" + userId)));
    const onToken = all.filter((r) => r.token);
    expect(onToken).toHaveLength(5);
    const onBucket = onToken.filter((r) => r.token && r.bucket.ok);
    expect(onBucket).toHaveLength(3);
    expect(onToken.find((r) => r.token && !r.bucket.ok)).toEqual({
      token: true,
      bucket: { ok: false, wait: 60 },
    });
    expect((await findMfaToken(db, hash))?.failed_attempts).toBe(5);
    // A spent token reserves nothing, and leaves the bucket alone.
    await expect(reserve("other-" + userId)).resolves.toEqual({ token: false });
    await expect(takeBucketToken(db, "other-" + userId, policy, 500)).resolves.toBe(0);
    // So does an expired one.
    await refundMfaTokenAnswer(db, hash);
    await expect(reserve("late-" + userId, 1_000)).resolves.toEqual({ token: false });
  });

  it("claims a TOTP step once, and never an older one", async () => {
    const { userId } = await seedFamily();
    const authId = id();
    await insertAuthenticator(db, {
      id: authId,
      user_id: userId,
      type: "totp",
      secret_sealed: "s",
      created_at: 1,
    });
    const claims = await Promise.all(
      Array.from({ length: N }, () => claimTotpStep(db, authId, 100, 2_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    await expect(claimTotpStep(db, authId, 99, 3_000)).resolves.toBe(false);
    await expect(claimTotpStep(db, authId, 101, 3_000)).resolves.toBe(true);
    const [row] = await listAuthenticators(db, userId);
    expect(row).toMatchObject({ last_used_step: 101, confirmed_at: 2_000, last_auth_at: 3_000 });
  });

  it("reads an mfa_token and its user's authenticators in one statement", async () => {
    const { userId, familyId } = await seedFamily();
    const hash = "with-" + userId;
    await insertFamilyMfaToken({ userId, familyId }, hash);
    await expect(findMfaTokenWithAuthenticators(db, hash)).resolves.toEqual({
      token: await findMfaToken(db, hash),
      authenticators: [],
    });
    for (const [key, created] of [
      ["b", 2],
      ["a", 2],
      ["c", 1],
    ] as const) {
      await insertAuthenticator(db, {
        id: `${key}-${userId}`,
        user_id: userId,
        type: "totp",
        secret_sealed: "s",
        created_at: created,
      });
    }
    await claimTotpStep(db, `c-${userId}`, 7, 900);
    const found = await findMfaTokenWithAuthenticators(db, hash);
    expect(found.token).toEqual(await findMfaToken(db, hash));
    expect(found.authenticators).toEqual(await listAuthenticators(db, userId));
    expect(found.authenticators.map((row) => row.id)).toEqual(
      ["c", "a", "b"].map((key) => `${key}-${userId}`),
    );
    await expect(findMfaTokenWithAuthenticators(db, "unknown-" + userId)).resolves.toEqual({
      token: undefined,
      authenticators: [],
    });
  });

  it("spends a recovery code once under concurrent use", async () => {
    const { userId } = await seedFamily();
    const setId = id();
    await insertRecoveryCodeSet(db, { id: setId, userId, pendingAuthenticatorId: "auth", now: 1 }, [
      "h1",
      "h2",
    ]);
    await confirmRecoveryCodeSet(db, userId, "auth", 2);
    const uses = await Promise.all(
      Array.from({ length: N }, () => useRecoveryCode(db, setId, "h1", 3)),
    );
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(await findActiveRecoveryCodeSet(db, userId)).toMatchObject({
      id: setId,
      remaining: 1,
      last_auth_at: 3,
    });
  });

  it("never overspends an attempt bucket under concurrent takes", async () => {
    const key = id();
    const policy = { capacity: 3, refillMs: 30_000 };
    const waits = await Promise.all(
      Array.from({ length: N }, () => takeBucketToken(db, key, policy, 0)),
    );
    expect(waits.filter((wait) => wait === 0)).toHaveLength(3);
    expect(waits.filter((wait) => wait > 0).every((wait) => wait === 30)).toBe(true);
  });

  it("exchanges an authorization code once; later attempts read as reuse", async () => {
    const { userId } = await seedFamily();
    const codeHash = id();
    const code = {
      code_hash: codeHash,
      client_id: "c",
      user_id: userId,
      redirect_uri: "http://app.test/cb",
      scope: "openid",
      audience: null,
      nonce: "n",
      code_challenge: "x",
      auth_time: 5,
      amr: ["pwd", "mfa", "otp"],
      last_mfa_at: 6,
      mfa_times: { otp: 6 },
      expires_at: 60_000,
      login_session_hash: "ls-1",
    };
    await insertAuthorizationCode(db, code);
    const results = await Promise.all(
      Array.from({ length: N }, () => consumeAuthorizationCode(db, codeHash, 7)),
    );
    expect(results.filter((result) => result && !("reused" in result))).toEqual([code]);
    expect(results.filter((result) => result && "reused" in result)).toHaveLength(N - 1);
    await expect(consumeAuthorizationCode(db, "unknown", 7)).resolves.toBeUndefined();
  });

  const box = createSecretBox(["s".repeat(32)], PURPOSE.refreshToken);
  const CLIENT: IssuerClient = {
    clientId: "c",
    clientSecret: "s".repeat(32),
    redirectUris: ["http://localhost/cb"],
    refreshTokens: { reuseInterval: 30 },
  };
  const tokenOf = (value: string) => ({ value, hash: sha256Hex(value) });
  /** A family whose current token `value` was minted at `at`. */
  async function seedToken(value: string, at: number) {
    const seeded = await seedFamily();
    const token = tokenOf(value);
    await replaceCurrentRefreshToken(db, await box, token, seeded.familyId, at);
    return { ...seeded, token };
  }
  /** A refresh grant's rotation at `now`, on `store`: the refresh token it answers, or its error code. */
  async function grant(store: SqlStore, token: { value: string; hash: string }, now: number) {
    const deps = {
      db: store,
      clock: () => now,
      refreshTokenBox: await box,
    } as unknown as IssuerDeps;
    return answerRefreshGrant(deps, CLIENT, token, async () => undefined).then(
      (outcome) => (outcome.kind === "tokens" ? outcome.refreshToken : "stopped"),
      (error: { code?: string }) => error.code ?? "error",
    );
  }

  it("rotates once under racing grants; every one gets the same successor", async () => {
    const { familyId, token } = await seedToken(id(), 0);
    const now = 100_000;
    const answers = await Promise.all(
      // On PostgreSQL each runs on its own pooled connection, as on separate issuer processes.
      Array.from({ length: N }, () => grant(db, token, now)),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toBe(token.value);
    const rows = await db.query("SELECT 1 FROM refresh_tokens WHERE family_id = $1", [familyId]);
    expect(rows).toHaveLength(2);
    // Within the interval the new token is answered as is, the old one with the new one.
    await expect(grant(db, tokenOf(answers[0]!), now + 1000)).resolves.toBe(answers[0]);
    await expect(grant(db, token, now + 29_000)).resolves.toBe(answers[0]);
    // After it, the replaced token is a replay: the family is revoked for good.
    await expect(grant(db, token, now + 30_000)).resolves.toBe("invalid_grant");
    await expect(grant(db, tokenOf(answers[0]!), now + 31_000)).resolves.toBe("invalid_grant");
  });

  it("records MFA on a family, and revokes families by code, by user and by login session", async () => {
    const { familyId, userId, token } = await seedToken(id(), 10);
    await db.query("UPDATE refresh_families SET code_hash = $2 WHERE id = $1", [
      familyId,
      "code-" + familyId,
    ]);
    const mfaToken = (hash: string) => insertFamilyMfaToken({ userId, familyId }, hash);
    const record = (hash: string, methods: string[], now: number) =>
      consumeMfaTokenIntoFamily(db, { hash, familyId, maxAnswers: 5 }, methods, now);
    await mfaToken("first-" + familyId);
    const first = await record("first-" + familyId, ["mfa", "otp", "pwd"], 30);
    const family = first.consumed ? first.family : undefined;
    expect([...family!.amr].sort()).toEqual(["mfa", "otp", "pwd"]);
    expect(family).toMatchObject({
      last_mfa_at: 30,
      auth_time: 30,
      last_used_at: 30,
      revoked_at: null,
    });
    // Each MFA method keeps its own time ("mfa" and "pwd" are not methods of an MFA).
    expect(family!.mfa_times).toEqual({ otp: 30 });

    await revokeFamiliesFromCode(db, "code-" + familyId, 40);
    expect((await findRefreshToken(db, token.hash))?.family.revoked_at).toBe(40);
    // A revoked family records nothing (the grant's transaction rolls the consumption back).
    await mfaToken("late-" + familyId);
    await expect(record("late-" + familyId, ["mfa"], 50)).resolves.toEqual({
      consumed: true,
      family: undefined,
    });

    const byUser = await seedToken(id(), 10);
    await expect(revokeUserFamilies(db, byUser.userId, 60)).resolves.toBe(1);
    expect((await findRefreshToken(db, byUser.token.hash))?.family.revoked_at).toBe(60);
    const bySession = await seedToken(id(), 10);
    await expect(revokeLoginSessionFamilies(db, `ls-${bySession.userId}`, 70)).resolves.toBe(1);
    await expect(revokeLoginSessionFamilies(db, `ls-${userId}`, 80)).resolves.toBe(0);
  });

  describe("passkeys", () => {
    async function passkey(counter: number) {
      const { userId } = await seedFamily();
      const row = {
        id: id(),
        user_id: userId,
        credential_id: randomBytes(16).toString("base64url"),
        public_key_sealed: "sealed",
        rp_id: "app.test",
        counter,
        transports: ["internal"],
        device_type: "singleDevice" as const,
        backed_up: false,
        name: "Passkey",
        created_at: 10,
      };
      expect(await insertCredential(db, row)).toBe(true);
      return row;
    }

    const ceremony = (userId: string, binding: string, kind: "registration" | "authentication") =>
      createCeremony(db, {
        user_id: userId,
        binding,
        kind,
        challenge: randomBytes(32).toString("base64url"),
        rp_id: "app.test",
        origins: ["http://app.test"],
        user_verification: "required",
        credential_key: null,
        name: null,
        created_at: 1_000,
      });

    it("keeps a credential id once, whoever registers it again", async () => {
      const first = await passkey(0);
      const { userId } = await seedFamily();
      expect(await insertCredential(db, { ...first, id: id(), user_id: userId })).toBe(false);
      expect(await listCredentials(db, userId)).toEqual([]);
    });

    it.each([
      [5, 6, true],
      [5, 5, false],
      [5, 4, false],
      [5, 0, false],
      [0, 0, true],
      [0, 1, true],
    ])("a stored signature counter %i takes %i: %p", async (stored, next, taken) => {
      const row = await passkey(stored);
      expect(await recordAssertion(db, row.id, { counter: next, backedUp: true, now: 50 })).toBe(
        taken,
      );
      const [after] = await listCredentials(db, row.user_id);
      expect([after!.counter, after!.last_auth_at]).toEqual(taken ? [next, 50] : [stored, 10]);
    });

    it("lets one of racing assertions with the same counter through", async () => {
      const row = await passkey(3);
      const results = await Promise.all(
        Array.from({ length: N }, () =>
          recordAssertion(db, row.id, { counter: 4, backedUp: false, now: 60 }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("spends a ceremony once under racing claims, never after it expires", async () => {
      const { userId } = await seedFamily();
      const code = await ceremony(userId, `mfa_token:${id()}`, "authentication");
      const claims = await Promise.all(
        Array.from({ length: N }, () => claimCeremony(db, sha256Hex(code), 2_000)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const late = sha256Hex(await ceremony(userId, `mfa_token:${id()}`, "authentication"));
      expect(await claimCeremony(db, late, 1_000 + CEREMONY_TTL_MS)).toBe(false);
      expect(await claimCeremony(db, late, 1_000 + CEREMONY_TTL_MS - 1)).toBe(true);
    });

    it("a new ceremony replaces the open one of its binding and kind only", async () => {
      const { userId } = await seedFamily();
      const binding = `mfa_token:${id()}`;
      const registration = await ceremony(userId, binding, "registration");
      const first = await ceremony(userId, binding, "authentication");
      const second = await ceremony(userId, binding, "authentication");
      expect(await findCeremonyByCode(db, sha256Hex(first))).toBeUndefined();
      expect(await findCeremonyByCode(db, sha256Hex(second))).toBeDefined();
      expect(await findCeremonyByCode(db, sha256Hex(registration))).toBeDefined();
    });
  });
});
