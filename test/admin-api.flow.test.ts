import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { IssuerEvent } from "../src/issuer/index.js";
import { generateTotp, startTestIssuer, type TestIssuer } from "../src/testing/index.js";
import {
  createUser,
  enrolledUser,
  issuerCalls,
  OTP_GRANT,
  signIn,
} from "./helpers/issuer-calls.js";

let t: TestIssuer;
let calls: ReturnType<typeof issuerCalls>;
const ADMIN = {
  clientId: "admin-client",
  clientSecret: "admin-secret-0123456789",
  adminScopes: [
    "read:users",
    "update:users",
    "read:authenticators",
    "delete:authenticators",
    "read:logs",
  ] as const,
};
const READER = {
  clientId: "reader-client",
  clientSecret: "reader-secret-0123456789",
  adminScopes: ["read:users"] as const,
};
// The hook fails on every other event; the requests must not notice.
const hooked: IssuerEvent[] = [];
const logged: string[] = [];

beforeAll(async () => {
  const first = await startTestIssuer();
  await first.close();
  t = await startTestIssuer({
    clients: [
      {
        clientId: first.clientId,
        clientSecret: first.clientSecret,
        redirectUris: [first.redirectUri],
      },
      { ...ADMIN, adminScopes: [...ADMIN.adminScopes], redirectUris: [first.redirectUri] },
      { ...READER, adminScopes: [...READER.adminScopes], redirectUris: [first.redirectUri] },
    ],
    onEvent: (event) => {
      hooked.push(event);
      if (hooked.length % 2 === 0) throw new Error("hook down");
    },
    logger: (message) => {
      logged.push(message);
    },
  });
  calls = issuerCalls(t);
}, 120_000);
afterAll(() => t.close());

const API = () => `${t.url}/api/v2/`;

async function adminToken(
  client: { clientId: string; clientSecret: string } = ADMIN,
  scope?: string,
) {
  const answer = await calls.token(
    { grant_type: "client_credentials", audience: API(), ...(scope ? { scope } : {}) },
    client,
  );
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

describe("client_credentials for the admin API", () => {
  it("grants the client's admin scopes by default, or the asked subset", async () => {
    const all = await calls.token({ grant_type: "client_credentials", audience: API() }, ADMIN);
    expect(all.body.scope).toBe(ADMIN.adminScopes.join(" "));
    expect(all.body.refresh_token).toBeUndefined();
    const some = await calls.token(
      { grant_type: "client_credentials", audience: API(), scope: "read:logs" },
      ADMIN,
    );
    expect(some.body.scope).toBe("read:logs");
  });

  it.each([
    ["a client without admin scopes", "default", { audience: "api" }, 400, "unauthorized_client"],
    [
      "another audience",
      "admin",
      { audience: "https://api.example.com/payments" },
      400,
      "invalid_request",
    ],
    ["no audience", "admin", {}, 400, "invalid_request"],
    [
      "a scope the client lacks",
      "reader",
      { audience: "api", scope: "update:users" },
      400,
      "invalid_scope",
    ],
    ["a wrong secret", "wrong", { audience: "api" }, 401, "invalid_client"],
  ] as const)("%s → %d %s", async (_name, who, params, status, error) => {
    const client =
      who === "admin"
        ? ADMIN
        : who === "reader"
          ? READER
          : who === "wrong"
            ? { ...ADMIN, clientSecret: "not-the-secret-0123456789" }
            : { clientId: t.clientId, clientSecret: t.clientSecret };
    const body: Record<string, string> = { grant_type: "client_credentials" };
    if ("audience" in params) body.audience = params.audience === "api" ? API() : params.audience;
    if ("scope" in params) body.scope = params.scope;
    const answer = await calls.token(body, client);
    expect([answer.status, answer.body.error]).toEqual([status, error]);
  });
});

describe("admin endpoints", () => {
  it("an MFA reset revokes every refresh family of the user, and only theirs", async () => {
    const u = await enrolledUser(t);
    const other = await enrolledUser(t);
    const secondDevice = await signIn(t, u);
    const refresh = (refreshToken: string) =>
      calls.token({ grant_type: "refresh_token", refresh_token: refreshToken });
    const reset = await calls.bearer(
      "DELETE",
      `/api/v2/users/${u.id}/authenticators`,
      await adminToken(),
    );
    expect(reset.status).toBe(204);
    for (const token of [u.refreshToken, secondDevice]) {
      const answer = await refresh(token);
      expect([answer.status, answer.body.error]).toEqual([403, "invalid_grant"]);
    }
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it("finds a user by email, lists, deletes and resets factors, reads events", async () => {
    const u = await enrolledUser(t);
    const token = await adminToken();
    const found = await calls.bearer(
      "GET",
      `/api/v2/users-by-email?email=${encodeURIComponent(u.email.toUpperCase())}`,
      token,
    );
    expect(found.status).toBe(200);
    expect(found.body).toEqual([expect.objectContaining({ user_id: u.id, email: u.email })]);
    const none = await calls.bearer(
      "GET",
      "/api/v2/users-by-email?email=nobody%40example.com",
      token,
    );
    expect(none.body).toEqual([]);

    const list = await calls.bearer("GET", `/api/v2/users/${u.id}/authenticators`, token);
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([
      u.authenticatorId,
      expect.stringMatching(/^recovery-code\|/),
    ]);
    const reset = await calls.bearer("DELETE", `/api/v2/users/${u.id}/authenticators`, token);
    expect(reset.status).toBe(204);
    expect((await calls.bearer("GET", `/api/v2/users/${u.id}/authenticators`, token)).body).toEqual(
      [],
    );

    const events = await calls.bearer("GET", `/api/v2/users/${u.id}/events`, token);
    expect(events.status).toBe(200);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      "mfa.reset",
      "mfa.verified",
      "mfa.enrolled",
    ]);
    expect(events.body[0]).toEqual(
      expect.objectContaining({ actor: "admin", client_id: ADMIN.clientId, user_id: u.id }),
    );
    expect(events.body[2]).toEqual(
      expect.objectContaining({ authenticator_id: u.authenticatorId, authenticator_type: "otp" }),
    );
    // Ids only: no email anywhere in the log.
    expect(JSON.stringify(events.body)).not.toContain(u.email);
    const limited = await calls.bearer("GET", `/api/v2/users/${u.id}/events?limit=1`, token);
    expect(limited.body).toHaveLength(1);
  });

  it("deletes one factor; another user's factor id under this user → 404", async () => {
    const alice = await enrolledUser(t);
    const bob = await enrolledUser(t);
    const token = await adminToken();
    const cross = await calls.bearer(
      "DELETE",
      `/api/v2/users/${alice.id}/authenticators/${encodeURIComponent(bob.authenticatorId)}`,
      token,
    );
    expect([cross.status, cross.body.error]).toEqual([404, "not_found"]);
    const own = await calls.bearer(
      "DELETE",
      `/api/v2/users/${alice.id}/authenticators/${encodeURIComponent(alice.authenticatorId)}`,
      token,
    );
    expect(own.status).toBe(204);
    const bobs = await calls.bearer("GET", `/api/v2/users/${bob.id}/authenticators`, token);
    expect(bobs.body).toHaveLength(2);
  });

  it("sets, reads and clears an exemption with who and why", async () => {
    const user = await createUser(t);
    const token = await adminToken();
    const path = `/api/v2/users/${user.id}/mfa-exemption`;
    expect((await calls.bearer("GET", path, token)).status).toBe(404);
    const missing = await calls.bearer("PUT", path, token, {});
    expect([missing.status, missing.body.error]).toEqual([400, "invalid_request"]);
    const set = await calls.bearer("PUT", path, token, { reason: "lost phone, ticket 42" });
    expect(set.status).toBe(200);
    expect(set.body).toEqual(
      expect.objectContaining({
        user_id: user.id,
        reason: "lost phone, ticket 42",
        set_by: ADMIN.clientId,
      }),
    );
    expect((await calls.bearer("GET", path, token)).body.reason).toBe("lost phone, ticket 42");
    expect((await calls.bearer("DELETE", path, token)).status).toBe(204);
    const again = await calls.bearer("DELETE", path, token);
    expect([again.status, again.body.error]).toEqual([404, "not_found"]);
    const types = (await calls.bearer("GET", `/api/v2/users/${user.id}/events`, token)).body.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(["mfa.exemption_cleared", "mfa.exemption_set"]);
  });

  it("enforces each endpoint's scope and the token's kind", async () => {
    const u = await enrolledUser(t);
    const reader = await adminToken(READER);
    const logsOnly = await adminToken(ADMIN, "read:logs");
    const cases: Array<[string, string, string, number, string]> = [
      [reader, "GET", `/api/v2/users/${u.id}/authenticators`, 403, "insufficient_scope"],
      [reader, "DELETE", `/api/v2/users/${u.id}/authenticators`, 403, "insufficient_scope"],
      [reader, "GET", `/api/v2/users/${u.id}/events`, 403, "insufficient_scope"],
      [
        logsOnly,
        "GET",
        `/api/v2/users-by-email?email=${encodeURIComponent(u.email)}`,
        403,
        "insufficient_scope",
      ],
      [logsOnly, "PUT", `/api/v2/users/${u.id}/mfa-exemption`, 403, "insufficient_scope"],
      [
        logsOnly,
        "DELETE",
        `/api/v2/users/${u.id}/authenticators/${encodeURIComponent(u.authenticatorId)}`,
        403,
        "insufficient_scope",
      ],
      // A user's own MFA API token is not an admin token.
      [u.mfaApiToken, "GET", `/api/v2/users/${u.id}/authenticators`, 401, "invalid_token"],
      ["", "GET", `/api/v2/users/${u.id}/authenticators`, 401, "invalid_token"],
    ];
    for (const [raw, method, path, status, error] of cases) {
      const answer = await calls.bearer(
        method,
        path,
        raw || undefined,
        method === "PUT" ? { reason: "x" } : undefined,
      );
      expect([method, path, answer.status, answer.body.error]).toEqual([
        method,
        path,
        status,
        error,
      ]);
    }
    // An admin token is not an MFA API token either.
    const admin = await adminToken();
    const mfa = await calls.bearer("GET", "/mfa/authenticators", admin);
    expect([mfa.status, mfa.body.error]).toEqual([401, "invalid_token"]);
    // Nothing was removed by the refused calls.
    expect(
      (await calls.bearer("GET", `/api/v2/users/${u.id}/authenticators`, admin)).body,
    ).toHaveLength(2);
  });

  it("answers every malformed call with a coded 4xx, never 5xx", async () => {
    const token = await adminToken();
    const bad: Array<[string, string, unknown, number, string]> = [
      ["GET", "/api/v2/users/nobody/authenticators", undefined, 404, "not_found"],
      ["DELETE", "/api/v2/users/nobody/authenticators", undefined, 404, "not_found"],
      ["GET", "/api/v2/users/nobody/events", undefined, 404, "not_found"],
      ["PUT", "/api/v2/users/nobody/mfa-exemption", { reason: "x" }, 404, "not_found"],
      ["GET", "/api/v2/users/%E0%A4%A/authenticators", undefined, 404, "not_found"],
      ["GET", "/api/v2/users-by-email", undefined, 400, "invalid_request"],
      ["GET", "/api/v2/users-by-email?email=not-an-email", undefined, 400, "invalid_request"],
      ["POST", "/api/v2/users/x/authenticators", undefined, 405, "method_not_allowed"],
      ["GET", "/api/v2/users", undefined, 404, "not_found"],
    ];
    for (const [method, path, body, status, error] of bad) {
      const answer = await calls.bearer(method, path, token, body);
      expect([path, answer.status, answer.body.error]).toEqual([path, status, error]);
    }
    const user = await createUser(t);
    const limit = await calls.bearer("GET", `/api/v2/users/${user.id}/events?limit=abc`, token);
    expect([limit.status, limit.body.error]).toEqual([400, "invalid_request"]);
    const json = await calls.call(`/api/v2/users/${user.id}/mfa-exemption`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect([json.status, json.body.error]).toEqual([400, "invalid_request"]);
  });
});

describe("audit hook", () => {
  it("receives events; a throwing hook is logged and the requests still succeed", async () => {
    const before = hooked.length;
    const u = await enrolledUser(t); // enrolled + verified: two events, the second hook call throws
    t.clock.advance(301);
    const stop = await calls.token({
      grant_type: "refresh_token",
      refresh_token: u.refreshToken,
      audience: t.audience,
    });
    const wrong = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: stop.body.mfa_token,
      otp: "000000",
    });
    expect(wrong.body.error).toBe("invalid_grant");
    const right = await calls.token({
      grant_type: OTP_GRANT,
      mfa_token: stop.body.mfa_token,
      otp: await generateTotp(u.secret, t.clock.now()),
    });
    expect(right.status).toBe(200);
    const mine = hooked.slice(before).filter((event) => event.userId === u.id);
    expect(mine.map((event) => event.type)).toEqual([
      "mfa.enrolled",
      "mfa.verified",
      "mfa.failed",
      "mfa.verified",
    ]);
    expect(logged.some((message) => message.includes("onEvent hook failed"))).toBe(true);
    // Stored even when the hook threw.
    const stored = await t.issuer.db.query<{ type: string }>(
      "SELECT type FROM audit_events WHERE user_id = $1",
      [u.id],
    );
    expect(stored).toHaveLength(4);
  });
});
