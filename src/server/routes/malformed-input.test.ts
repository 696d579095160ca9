import { describe, expect, it } from "@jest/globals";
import { CompactEncrypt } from "jose";
import { APP, createTestCore, SECRET } from "../../../test/fakes/sign-in.js";
import { deriveKey } from "../../shared/derive-key.js";
import { SESSION_KEY_PURPOSE } from "../session/session-store.js";
import { dispatch, ROUTES } from "./route-table.js";

// Issue 9.9 (the SDK's half): whatever arrives in the Cookie and Host
// headers, the /auth routes answer with a coded error or their usual answer,
// never a 500.

/** A cookie sealed with the app's real key but holding something that is not a session. */
async function sealedWithOurKey(payload: unknown): Promise<string> {
  const key = await deriveKey(SECRET, SESSION_KEY_PURPOSE);
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(key);
}

const S = "__stepup_session";
async function hostileCookies(): Promise<Array<[string, string]>> {
  return [
    ["bad percent-encoding", `${S}=%E0%A4%A; ${S}_txn=%ZZ; ${S}_mfa=%`],
    ["empty values", `${S}=; ${S}_txn=; ${S}_mfa=`],
    ["not a JWE", `${S}=a.b.c.d.e; ${S}_txn=x; ${S}_mfa=not-json`],
    ["a JWE header with garbage", `${S}=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC`],
    ["chunks with a gap", `${S}.0=abc; ${S}.2=def`],
    ["chunks and a whole value", `${S}=x; ${S}.0=y; ${S}.1=z`],
    ["regex characters in names", `${S}.*=1; ${S}.(0)=2; ${S}.0000000000000000001=3`],
    ["prototype names", "__proto__=1; constructor=2; toString=3; hasOwnProperty=4"],
    ["no names, no values", "=; ;;; =x; y"],
    ["a 20 KB cookie", `${S}=${"A".repeat(20_000)}`],
    ["a thousand cookies", Array.from({ length: 1000 }, (_, i) => `c${i}=${i}`).join("; ")],
    ["pending step-up of the wrong shape", `${S}_mfa=${encodeURIComponent('{"c":1,"r":null}')}`],
    ["pending step-up with an array", `${S}_mfa=${encodeURIComponent("[1,2]")}`],
    ["a sealed null", `${S}=${await sealedWithOurKey(null)}`],
    ["a sealed array", `${S}=${await sealedWithOurKey([1, 2, 3])}`],
    [
      "a sealed session of another shape",
      `${S}=${await sealedWithOurKey({ sid: 1, user: "x", tokenSets: "none", createdAt: "now" })}`,
    ],
    [
      "a sealed session with bad token sets",
      `${S}=${await sealedWithOurKey({
        sid: "s",
        user: { sub: "u" },
        idToken: "i",
        tokenSets: [null, { audience: 1 }],
        createdAt: Date.now() / 1000,
        updatedAt: Date.now() / 1000,
      })}`,
    ],
  ];
}

/** Every route of the table with its method, a concrete path for `/*`. */
const ROUTE_CALLS = Object.entries(ROUTES).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => [method, `/auth${path.replace("/*", "/totp%7C1")}`]),
);

describe("hostile Cookie and Host headers on the /auth routes", () => {
  it("answers every route and every malformed cookie without a 5xx", async () => {
    const { core } = createTestCore();
    const failures: string[] = [];
    for (const [name, cookie] of await hostileCookies()) {
      for (const [method, path] of ROUTE_CALLS) {
        const response = await dispatch(
          core,
          new Request(`${APP}${path}?code=c&state=s&returnTo=/x`, {
            method,
            headers: {
              cookie,
              origin: APP,
              authorization: "Bearer a.b.c.d.e",
              "content-type": "application/json",
            },
            ...(method === "POST" ? { body: "{}" } : {}),
          }),
        );
        if (!response || response.status >= 500) {
          failures.push(`${name}: ${method} ${path} → ${response?.status ?? "no route"}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ["an IPv6 literal", "http://[::1]:3000"],
    ["an IDN host", "http://xn--bcher-kva.example"],
    ["a trailing-dot host", "http://app.test."],
    ["a very long host", `http://${"a".repeat(63)}.${"b".repeat(63)}.example`],
    ["a numeric host", "http://2130706433"],
  ])(
    "answers on %s without a 5xx (the app's own origin is configured, never read)",
    async (_n, base) => {
      const { core } = createTestCore();
      for (const [method, path] of ROUTE_CALLS) {
        const response = await dispatch(
          core,
          new Request(`${base}${path}`, { method, headers: { host: "evil.example:99999" } }),
        );
        expect([path, response!.status < 500]).toEqual([path, true]);
        const location = response!.headers.get("location");
        // A redirect never follows the request's host: only the issuer or the configured app.
        if (location) expect(new URL(location, APP).host).not.toContain("evil");
      }
    },
  );
});
