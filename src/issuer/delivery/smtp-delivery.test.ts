import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createSmtpDelivery } from "./smtp-delivery.js";

interface Received {
  from: string | false;
  to: string[];
  raw: string;
  user?: string;
}

// A real SMTP server on loopback: nodemailer speaks the whole protocol to it.
const received: Received[] = [];
let server: SMTPServer;
let port: number;
beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret") {
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@rejected.test")) callback(new Error("Mailbox unavailable"));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message = {
  channel: "email" as const,
  to: "jane@example.com",
  subject: "Your code",
  text: "Your code is 123456.",
};

describe("SMTP delivery", () => {
  it("sends through host/port with authentication", async () => {
    const delivery = createSmtpDelivery({
      host: "127.0.0.1",
      port,
      auth: { user: "mailer", pass: "s3cret" },
      from: "Issuer <no-reply@issuer.test>",
    });
    await delivery.send(message);
    const last = received.at(-1)!;
    expect(last.from).toBe("no-reply@issuer.test");
    expect(last.to).toEqual(["jane@example.com"]);
    expect(last.user).toBe("mailer");
    expect(last.raw).toContain("Subject: Your code");
    expect(last.raw).toContain("Your code is 123456.");
  });

  it("sends through an smtp:// URL", async () => {
    const delivery = createSmtpDelivery({
      url: `smtp://127.0.0.1:${port}`,
      from: "no-reply@issuer.test",
    });
    await delivery.send({ ...message, to: "url@example.com" });
    expect(received.at(-1)!.to).toEqual(["url@example.com"]);
  });

  it("rejects when the server refuses the recipient, the login or the connection", async () => {
    const base = { host: "127.0.0.1", port, from: "no-reply@issuer.test", timeoutMs: 2000 };
    await expect(
      createSmtpDelivery(base).send({ ...message, to: "x@rejected.test" }),
    ).rejects.toThrow();
    await expect(
      createSmtpDelivery({ ...base, auth: { user: "mailer", pass: "wrong" } }).send(message),
    ).rejects.toThrow();
    // A port that was just free: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(createSmtpDelivery({ ...base, port: closedPort }).send(message)).rejects.toThrow();
  });

  it("refuses SMS messages and a configuration without url or host", async () => {
    const delivery = createSmtpDelivery({ host: "127.0.0.1", port, from: "a@issuer.test" });
    await expect(delivery.send({ ...message, channel: "sms" })).rejects.toThrow(TypeError);
    expect(() => createSmtpDelivery({ from: "a@issuer.test" })).toThrow(TypeError);
  });
});
