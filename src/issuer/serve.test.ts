import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { request } from "node:http";
import { startTestIssuer, type TestIssuer } from "../testing/index.js";
import type { Issuer } from "./create-issuer.js";
import { textResponse } from "./http/known-body.js";
import { serveIssuer, type ServedIssuer } from "./serve.js";

let t: TestIssuer;
let served: ServedIssuer;
beforeAll(async () => {
  t = await startTestIssuer();
  served = await serveIssuer(t.issuer, { port: 0 });
});
afterAll(async () => {
  await served.close();
  await t.close();
});

describe("serveIssuer", () => {
  it("listens on 127.0.0.1 and serves JSON", async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${served.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { issuer: string }).issuer).toBe(t.url);
  });

  it("keeps idle connections 65 s, longer than a load balancer's 60 s idle timeout", async () => {
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(`${served.url}/.well-known/jwks.json`, (res) => {
        res.resume();
        const header = res.headers["keep-alive"];
        resolve(typeof header === "string" ? header : undefined);
      });
      req.on("error", reject);
      req.end();
    });
    expect(keepAlive).toBe("timeout=65");
  });

  it("passes request bodies, status and multiple Set-Cookie headers through", async () => {
    const token = await fetch(`${served.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=x&client_id=test-client&client_secret=wrong",
    });
    expect([token.status, ((await token.json()) as { error: string }).error]).toEqual([
      401,
      "invalid_client",
    ]);
    const big = await fetch(`${served.url}/oauth/token`, {
      method: "POST",
      body: "a=" + "x".repeat(70_000),
    });
    expect(big.status).toBe(413);
  });

  it("refuses an oversized chunked body (no Content-Length) with the coded 413", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${served.url}/oauth/token`, { method: "POST" }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      for (let i = 0; i < 70; i++) req.write("x".repeat(1000));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "invalid_request" });
  });

  it("answers a request in flight at shutdown with all its Set-Cookie headers and Connection: close", async () => {
    let answer!: () => void;
    let entered!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const slow = {
      handler: async () => {
        entered();
        await answered;
        const response = textResponse("{}", { headers: { "content-type": "application/json" } });
        response.headers.append("set-cookie", "a=1; Path=/");
        response.headers.append("set-cookie", "b=2; Path=/");
        return response;
      },
    } as unknown as Issuer;
    const closingServer = await serveIssuer(slow, { port: 0 });
    const received = new Promise<{ cookies?: string[]; connection?: string }>((resolve, reject) => {
      const req = request(`${closingServer.url}/`, (res) => {
        res.resume();
        resolve({ cookies: res.headers["set-cookie"], connection: res.headers.connection });
      });
      req.on("error", reject);
      req.end();
    });
    await inHandler;
    const closed = closingServer.close();
    answer();
    expect(await received).toEqual({
      cookies: ["a=1; Path=/", "b=2; Path=/"],
      connection: "close",
    });
    await closed;
  });
});
