import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestIssuer, type TestIssuer } from "../../testing/index.js";
import { readLatestCode, readOutbox } from "../../testing/read-outbox.js";
import { insertOutboxMessage } from "../store/outbox.js";

// Two issuers: the test issuer (devMode on) and one with devMode off.
let dev: TestIssuer;
let prod: TestIssuer;
beforeAll(async () => {
  dev = await startTestIssuer();
  prod = await startTestIssuer({ devMode: false });
}, 120_000);
afterAll(async () => {
  await dev.close();
  await prod.close();
});

async function seed(t: TestIssuer, to: string, text: string, subject: string | null = null) {
  await insertOutboxMessage(t.issuer.db, {
    id: Math.random().toString(36).slice(2),
    channel: to.startsWith("+") ? "sms" : "email",
    recipient: to,
    subject,
    body: text,
    created_at: dev.clock.now(),
  });
}

describe("GET /dev/outbox", () => {
  it("lists messages newest first in an accessible table, escaping every value", async () => {
    await seed(dev, "old@example.com", "Your code is 111111.", "First");
    await seed(dev, "<b>x</b>@example.com", "<script>alert(1)</script> 222222", "<i>S</i>");
    const response = await dev.fetch(`${dev.url}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("cache-control")).toContain("no-store");
    const html = await response.text();
    expect(html).toContain("<caption>");
    expect(html).toContain('<th scope="col">To</th>');
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<b>x</b>");
    expect(html.indexOf("222222")).toBeLessThan(html.indexOf("111111"));
  });

  it("filters by recipient and channel, and refuses a bad channel", async () => {
    await seed(dev, "+15555550123", "Your code is 333333.");
    const html = await (await dev.fetch(`${dev.url}/dev/outbox?channel=sms`)).text();
    expect(html).toContain("333333");
    expect(html).not.toContain("111111");
    const only = await (
      await dev.fetch(`${dev.url}/dev/outbox?to=${encodeURIComponent("old@example.com")}`)
    ).text();
    expect(only).toContain("111111");
    expect(only).not.toContain("333333");
    const bad = await dev.fetch(`${dev.url}/dev/outbox?channel=fax`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("answers JSON for Accept: application/json, filtered the same way", async () => {
    await seed(dev, "json@example.com", "Your code is 666666.", "J");
    const response = await dev.fetch(`${dev.url}/dev/outbox?to=json%40example.com`, {
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    await expect(response.json()).resolves.toEqual({
      messages: [
        {
          channel: "email",
          to: "json@example.com",
          subject: "J",
          text: "Your code is 666666.",
          sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });
  });

  it("is 404 without devMode", async () => {
    const response = await prod.fetch(`${prod.url}/dev/outbox`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toBe("not_found");
  });
});

describe("readOutbox / readLatestCode", () => {
  it("reads newest first, filtered, and extracts the latest code", async () => {
    await seed(dev, "reader@example.com", "Your code is 444444.", "A");
    dev.clock.advance(1);
    await seed(dev, "reader@example.com", "Your code is 555555.", "B");
    const messages = await readOutbox(dev, { to: "reader@example.com", channel: "email" });
    expect(messages.map((message) => message.subject)).toEqual(["B", "A"]);
    expect(messages[0]).toEqual({
      channel: "email",
      to: "reader@example.com",
      subject: "B",
      text: "Your code is 555555.",
      sentAt: expect.any(Number),
    });
    expect(await readOutbox(dev.issuer, { to: "reader@example.com", channel: "sms" })).toEqual([]);
    expect(await readLatestCode(dev, "reader@example.com")).toBe("555555");
    await expect(readLatestCode(dev, "nobody@example.com")).rejects.toThrow(TypeError);
  });
});
