import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSmsWebhookDelivery } from "./sms-webhook-delivery.js";

// A real HTTP server on loopback; the path picks its behaviour.
const requests: Array<{ headers: IncomingMessage["headers"]; body: unknown }> = [];
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/hang") return; // never answers
      requests.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      response.statusCode = request.url === "/fail" ? 500 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const sms = { channel: "sms" as const, to: "+15555550100", text: "Your code is 123456." };

describe("SMS webhook delivery", () => {
  it("POSTs the message as JSON with the configured headers", async () => {
    await createSmsWebhookDelivery({
      url: `${base}/ok`,
      headers: { authorization: "Bearer k" },
    }).send(sms);
    expect(requests.at(-1)).toEqual({
      headers: expect.objectContaining({
        authorization: "Bearer k",
        "content-type": "application/json",
      }),
      body: { channel: "sms", to: "+15555550100", text: "Your code is 123456." },
    });
  });

  it("rejects a non-2xx answer", async () => {
    await expect(createSmsWebhookDelivery({ url: `${base}/fail` }).send(sms)).rejects.toThrow();
  });

  it("gives up after the timeout", async () => {
    const started = Date.now();
    await expect(
      createSmsWebhookDelivery({ url: `${base}/hang`, timeoutMs: 200 }).send(sms),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("uses the injected fetch, and refuses email", async () => {
    const seen: string[] = [];
    const delivery = createSmsWebhookDelivery({
      url: "https://gateway.test/sms",
      fetch: (async (input: RequestInfo | URL) => {
        seen.push(String(input));
        return new Response(null, { status: 200 });
      }) as typeof fetch,
    });
    await delivery.send(sms);
    expect(seen).toEqual(["https://gateway.test/sms"]);
    await expect(delivery.send({ ...sms, channel: "email" })).rejects.toThrow(TypeError);
  });
});
