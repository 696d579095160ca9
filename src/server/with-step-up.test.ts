import { describe, expect, it, jest } from "@jest/globals";
import { MfaRequiredError, StepUpError, TooManyAttemptsError } from "../errors/index.js";
import { withStepUp } from "./with-step-up.js";

const needsMfa = () =>
  new MfaRequiredError(
    "sealed-context",
    { challenge: [{ type: "otp" }] },
    {
      audience: "https://api.example.com/payments",
    },
  );

describe("withStepUp", () => {
  it("passes the handler's arguments and answer through", async () => {
    const handler = jest.fn(
      async (request: Request, context: { params: Promise<{ id: string }> }) =>
        Response.json({ url: request.url, id: (await context.params).id }),
    );
    const wrapped = withStepUp(handler);
    const response = await wrapped(new Request("http://app.test/x"), {
      params: Promise.resolve({ id: "7" }),
    });
    await expect(response.json()).resolves.toEqual({ url: "http://app.test/x", id: "7" });
  });

  it("answers MfaRequiredError as PROTOCOL.md part B's 403 with the sealed context", async () => {
    const response = await withStepUp(() => Promise.reject(needsMfa()))();
    expect(response.status).toBe(403);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    await expect(response.json()).resolves.toEqual({
      error: "mfa_required",
      error_description: "Multifactor authentication required",
      mfa_token: "sealed-context",
      mfa_requirements: { challenge: [{ type: "otp" }] },
      audience: "https://api.example.com/payments",
    });
  });

  it("answers other coded errors with their status and headers", async () => {
    const limited = await withStepUp(() => {
      throw new TooManyAttemptsError(30);
    })();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    const signedOut = await withStepUp(() => {
      throw new StepUpError("unauthorized");
    })();
    expect(signedOut.status).toBe(401);
    await expect(signedOut.json()).resolves.toMatchObject({ error: "unauthorized" });
  });

  it("answers anything else as a bare 500 server_error and reports it to onError", async () => {
    const onError = jest.fn();
    const secret = new Error("db password is hunter2");
    const response = await withStepUp(
      () => {
        throw secret;
      },
      { onError },
    )();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: "server_error" });
    expect(text).not.toContain("hunter2");
    expect(onError).toHaveBeenCalledWith(secret);
  });

  it("logs with console.error by default", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await withStepUp(() => {
        throw new Error("boom");
      })();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("rethrows Next.js control flow (redirect, notFound: objects with a digest)", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/x;307;",
    });
    await expect(
      withStepUp(() => {
        throw redirect;
      })(),
    ).rejects.toBe(redirect);
  });
});
