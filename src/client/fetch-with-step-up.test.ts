import { describe, expect, it, jest } from "@jest/globals";
import { MfaRequiredError, StepUpError } from "../errors/index.js";
import { fetchThroughGate, fetchWithStepUp } from "./fetch-with-step-up.js";
import { createStepUpGate } from "./step-up-gate.js";
import type { StepUpRequest } from "./step-up-request.js";

const MFA_REQUIRED = {
  error: "mfa_required",
  error_description: "Multifactor authentication required",
  mfa_token: "sealed-context",
  mfa_requirements: { challenge: [{ type: "otp" }] },
  audience: "https://api.example.com/payments",
};
const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
const RFC9470 = () =>
  new Response(null, {
    status: 401,
    headers: {
      "www-authenticate":
        'Bearer error="insufficient_user_authentication", acr_values="urn:mfa", max_age="60"',
    },
  });

/** A fetch that answers from a script, recording the bodies it was sent. */
function scripted(...answers: Array<() => Response>) {
  const bodies: Array<string | null> = [];
  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(
      input instanceof Request ? input : new URL(String(input), "http://app.test"),
      init,
    );
    bodies.push(request.body ? await request.text() : null);
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return next();
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls: fetch, bodies };
}

describe("fetchWithStepUp", () => {
  it("passes through answers that ask for no step-up, without calling onStepUp", async () => {
    for (const answer of [
      () => json({ ok: true }, 200),
      () => json({ error: "invalid_grant", error_description: "no" }, 403),
      () => new Response("<html>forbidden</html>", { status: 403 }),
      () =>
        new Response(null, {
          status: 401,
          headers: { "www-authenticate": 'Bearer error="invalid_token"' },
        }),
    ]) {
      const { fetch } = scripted(answer);
      const onStepUp = jest.fn();
      const response = await fetchWithStepUp("/api/x", undefined, { onStepUp, fetch });
      expect(response.status).toBe(answer().status);
      expect(onStepUp).not.toHaveBeenCalled();
    }
  });

  it("on 403 mfa_required runs onStepUp with the sealed context, then retries once", async () => {
    const { fetch, bodies } = scripted(
      () => json(MFA_REQUIRED, 403),
      () => json({ id: 1 }, 200),
    );
    const requests: StepUpRequest[] = [];
    const response = await fetchWithStepUp(
      "/api/payments",
      { method: "POST", body: '{"amount":5}' },
      { fetch, onStepUp: async (request) => void requests.push(request) },
    );
    expect(response.status).toBe(200);
    expect(bodies).toEqual(['{"amount":5}', '{"amount":5}']);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({
      reason: "mfa_required",
      mfaToken: "sealed-context",
      mfaRequirements: { challenge: [{ type: "otp" }] },
      audience: MFA_REQUIRED.audience,
    });
    expect(request?.error).toBeInstanceOf(MfaRequiredError);
    expect(request?.error.code).toBe("mfa_required");
  });

  it("on an RFC 9470 401 hands over acr_values and max_age", async () => {
    const { fetch } = scripted(RFC9470, () => json({}, 200));
    const onStepUp = jest.fn(async (_request: StepUpRequest) => true);
    await expect(fetchWithStepUp("/api/x", undefined, { fetch, onStepUp })).resolves.toHaveProperty(
      "status",
      200,
    );
    const request = onStepUp.mock.calls[0]?.[0];
    expect(request).toMatchObject({
      reason: "insufficient_user_authentication",
      acrValues: ["urn:mfa"],
      maxAge: 60,
    });
    expect(request?.error).toBeInstanceOf(StepUpError);
    expect(request?.error.code).toBe("insufficient_user_authentication");
  });

  it("retries only once: a second step-up answer is returned as is", async () => {
    const { fetch, calls } = scripted(
      () => json(MFA_REQUIRED, 403),
      () => json(MFA_REQUIRED, 403),
    );
    const onStepUp = jest.fn(async () => true);
    const response = await fetchWithStepUp("/api/x", undefined, { fetch, onStepUp });
    expect(response.status).toBe(403);
    await expect(response.json()).resolves.toMatchObject({ error: "mfa_required" });
    expect(onStepUp).toHaveBeenCalledTimes(1);
    expect(calls).toHaveBeenCalledTimes(2);
  });

  it("returns the original, still readable answer when the user gives up (false)", async () => {
    const { fetch, calls } = scripted(() => json(MFA_REQUIRED, 403));
    const response = await fetchWithStepUp("/api/x", undefined, { fetch, onStepUp: () => false });
    expect(response.status).toBe(403);
    await expect(response.json()).resolves.toMatchObject({ mfa_token: "sealed-context" });
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it("rejects with the step-up's own error when onStepUp rejects, without retrying", async () => {
    const { fetch, calls } = scripted(() => json(MFA_REQUIRED, 403));
    const cancelled = new StepUpError("popup_cancelled");
    await expect(
      fetchWithStepUp("/api/x", undefined, { fetch, onStepUp: () => Promise.reject(cancelled) }),
    ).rejects.toBe(cancelled);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it("replays a Request input's body on the retry", async () => {
    const { fetch, bodies } = scripted(
      () => json(MFA_REQUIRED, 403),
      () => json({}, 200),
    );
    const input = new Request("http://app.test/api/x", { method: "POST", body: "payload" });
    await fetchWithStepUp(input, undefined, { fetch, onStepUp: () => true });
    expect(bodies).toEqual(["payload", "payload"]);
  });

  it("concurrent step-up answers share one step-up, and each call retries", async () => {
    const gate = createStepUpGate();
    const { fetch } = scripted(
      () => json(MFA_REQUIRED, 403),
      () => json(MFA_REQUIRED, 403),
      () => json(MFA_REQUIRED, 403),
      () => json({ n: 1 }, 200),
      () => json({ n: 2 }, 200),
      () => json({ n: 3 }, 200),
    );
    let finish: (value: boolean) => void = () => undefined;
    const onStepUp = jest.fn(() => new Promise<boolean>((resolve) => (finish = resolve)));
    const calls = [1, 2, 3].map(() =>
      fetchThroughGate(gate, "/api/x", undefined, { fetch, onStepUp }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    finish(true);
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(onStepUp).toHaveBeenCalledTimes(1);

    // Once settled, a later step-up starts a new one.
    const later = scripted(
      () => json(MFA_REQUIRED, 403),
      () => json({}, 200),
    );
    await fetchThroughGate(gate, "/api/x", undefined, { fetch: later.fetch, onStepUp: () => true });
  });

  it("refuses a missing onStepUp as API misuse", async () => {
    await expect(fetchWithStepUp("/api/x", undefined, {} as never)).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
