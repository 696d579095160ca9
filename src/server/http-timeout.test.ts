import { describe, expect, it } from "@jest/globals";
import { createFakeIssuer } from "../../test/fakes/fake-issuer.js";
import { APP, createTestCore, signIn } from "../../test/fakes/sign-in.js";
import { MfaRequiredError, StepUpError } from "../errors/index.js";
import { getAccessToken } from "./access-token.js";
import { dispatch } from "./routes/route-table.js";

const API = "https://api.example.com/orders";
const TIMEOUT_MS = 25;

/**
 * A fake issuer whose answers to `stall` (a path) never come, or come with a
 * body that never ends; the stall honours the request's signal, as fetch does.
 */
function stallingIssuer(mode: "answer" | "body") {
  const fake = createFakeIssuer();
  const stalled = new Set<string>();
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    if (!stalled.has(path)) return fake.fetch(input, init);
    const signal = init?.signal;
    if (mode === "answer") {
      return new Promise<Response>((_resolve, reject) =>
        signal?.addEventListener("abort", () => reject(signal.reason)),
      );
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"access_token":'));
        signal?.addEventListener("abort", () => controller.error(signal.reason));
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof globalThis.fetch;
  return { fake, fetch, stall: (path: string) => stalled.add(path) };
}

const codeOf = (error: unknown) => (error instanceof StepUpError ? error.code : String(error));

describe("every call to the issuer has a deadline (httpTimeout)", () => {
  it.each(["answer", "body"] as const)(
    "a refresh grant whose %s never arrives fails with timeout (504), not a hang",
    async (mode) => {
      const issuer = stallingIssuer(mode);
      const { core } = createTestCore({ fetch: issuer.fetch, httpTimeout: TIMEOUT_MS });
      const { jar } = await signIn(core, issuer.fake);
      issuer.stall("/oauth/token");
      const error = await getAccessToken(core, jar, { audience: API }).catch((e: unknown) => e);
      expect(codeOf(error)).toBe("timeout");
      expect(error).toMatchObject({ status: 504, operation: "getAccessToken" });
    },
  );

  it("a stalled discovery answers /auth/login with a coded 504", async () => {
    const issuer = stallingIssuer("answer");
    issuer.stall("/.well-known/openid-configuration");
    const { core } = createTestCore({ fetch: issuer.fetch, httpTimeout: TIMEOUT_MS });
    const response = (await dispatch(core, new Request(`${APP}/auth/login`)))!;
    expect(response.status).toBe(504);
    await expect(response.json()).resolves.toMatchObject({ error: "timeout" });
  });

  it.each(["answer", "body"] as const)(
    "an MFA API call whose %s stalls fails with timeout, naming the operation",
    async (mode) => {
      const issuer = stallingIssuer(mode);
      const { core } = createTestCore({ fetch: issuer.fetch, httpTimeout: TIMEOUT_MS });
      issuer.fake.mfaAudiences.add(API);
      const { jar } = await signIn(core, issuer.fake);
      const required = await getAccessToken(core, jar, { audience: API }).catch((e: unknown) => e);
      expect(required).toBeInstanceOf(MfaRequiredError);
      issuer.stall("/mfa/associate");
      const response = (await dispatch(
        core,
        new Request(`${APP}/auth/mfa/associate`, {
          method: "POST",
          headers: {
            origin: APP,
            cookie: jar
              .getAll()
              .map(({ name, value }) => `${name}=${value}`)
              .join("; "),
            authorization: `Bearer ${(required as MfaRequiredError).mfaToken}`,
            "content-type": "application/json",
          },
          body: JSON.stringify({ authenticator_types: ["otp"] }),
        }),
      ))!;
      expect(response.status).toBe(504);
      await expect(response.json()).resolves.toMatchObject({ error: "timeout" });
    },
  );
});
