import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
import { popupChannelName, type PopupMessage } from "../../shared/popup-message.js";
import { configureClient } from "../client-config.js";
import {
  createChallengeWithPopup,
  type ChallengeWithPopupOptions,
} from "./challenge-with-popup.js";
import type { PopupHost, PopupMessageEvent, PopupWindow } from "./popup-host.js";
import { createPopupFlight } from "./single-flight.js";

const ORIGIN = "https://app.example.com";

class FakePopup implements PopupWindow {
  closed = false;
  focused = 0;
  location = { href: "" };
  close() {
    this.closed = true;
  }
  focus() {
    this.focused += 1;
  }
}

/** A window-like host with a manual clock, message listeners and BroadcastChannels. */
function createFakeHost(options: { block?: boolean; broadcast?: boolean } = {}) {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; every?: number; run: () => void }>();
  const listeners = new Set<(event: PopupMessageEvent) => void>();
  const channels = new Map<string, Set<(event: { data: unknown }) => void>>();
  const opened: Array<{ url: string; target: string; features: string; popup: FakePopup }> = [];

  class FakeChannel {
    private readonly listeners = new Set<(event: { data: unknown }) => void>();
    constructor(readonly name: string) {
      if (!channels.has(name)) channels.set(name, new Set());
    }
    addEventListener(_type: "message", listener: (event: { data: unknown }) => void) {
      this.listeners.add(listener);
      channels.get(this.name)!.add(listener);
    }
    close() {
      for (const listener of this.listeners) channels.get(this.name)!.delete(listener);
    }
  }

  const host: PopupHost = {
    open(url, target, features) {
      if (options.block) return null;
      const popup = new FakePopup();
      popup.location.href = url;
      opened.push({ url, target, features, popup });
      return popup;
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
    setTimeout(run, ms) {
      timers.set(nextId, { at: now + ms, run });
      return nextId++;
    },
    clearTimeout: (id) => void timers.delete(id),
    setInterval(run, ms) {
      timers.set(nextId, { at: now + ms, every: ms, run });
      return nextId++;
    },
    clearInterval: (id) => void timers.delete(id),
    location: { origin: ORIGIN },
    screenX: 100,
    screenY: 50,
    outerWidth: 1300,
    outerHeight: 900,
    ...(options.broadcast === false ? {} : { BroadcastChannel: FakeChannel }),
  };

  return {
    host,
    opened,
    /** The message listeners currently attached (0 once a ceremony ended). */
    listenerCount: () => listeners.size,
    timerCount: () => timers.size,
    post(event: PopupMessageEvent) {
      for (const listener of [...listeners]) listener(event);
    },
    broadcast(name: string, data: unknown) {
      for (const listener of [...(channels.get(name) ?? [])]) listener({ data });
    },
    /** Moves the clock, running due timers in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at);
        const first = due[0];
        if (!first) break;
        const [id, timer] = first;
        now = timer.at;
        if (timer.every) timer.at += timer.every;
        else timers.delete(id);
        timer.run();
      }
      now = end;
    },
  };
}

function setUp(hostOptions?: Parameters<typeof createFakeHost>[0]) {
  const fake = createFakeHost(hostOptions);
  const challenge = createChallengeWithPopup(() => fake.host, createPopupFlight());
  return { fake, challenge };
}

const nonceOf = (url: string) => new URL(url).searchParams.get("popup_nonce")!;

const message = (nonce: string, extra: Partial<PopupMessage> = {}): PopupMessage => ({
  type: "next-stepup:popup",
  nonce,
  ok: true,
  ...extra,
});

/** Resolves to the settled outcome, so a test can check it has not settled yet. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  const done = promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return { state, done };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("challengeWithPopup", () => {
  it("opens /auth/login?popup=1 synchronously with the step-up parameters", async () => {
    const { fake, challenge } = setUp();
    const options: ChallengeWithPopupOptions = {
      audience: "https://api.example.com/payments",
      scope: "payments:write",
      acrValues: "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
      maxAge: 0,
      prompt: "login",
    };
    const pending = challenge(options);
    // Before any await: the popup is already open (a user gesture allows nothing later).
    expect(fake.opened).toHaveLength(1);
    const { url, target, features } = fake.opened[0]!;
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(`${ORIGIN}/auth/login`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      popup: "1",
      popup_nonce: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      audience: options.audience,
      scope: options.scope,
      acr_values: options.acrValues,
      max_age: "0",
      prompt: "login",
    });
    expect(target).toBe("next-stepup-popup");
    expect(features).toBe("popup=yes,width=500,height=680,left=500,top=160");

    const popup = fake.opened[0]!.popup;
    fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)) });
    await expect(pending).resolves.toEqual({ success: true });
    expect(popup.closed).toBe(true);
    expect(fake.listenerCount()).toBe(0);
    expect(fake.timerCount()).toBe(0);
  });

  it("opens the login route of configureClient, and accepts results from its origin", async () => {
    configureClient({ baseUrl: "https://auth.example.com", prefix: "/api/auth" });
    try {
      const { fake, challenge } = setUp();
      const pending = challenge();
      const { popup, url } = fake.opened[0]!;
      expect(url.startsWith("https://auth.example.com/api/auth/login?popup=1&")).toBe(true);
      // The page's own origin is not the app's any more: its message is ignored.
      fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)) });
      fake.post({ origin: "https://auth.example.com", source: popup, data: message(nonceOf(url)) });
      await expect(pending).resolves.toEqual({ success: true });
    } finally {
      configureClient({});
    }
  });

  it("uses a fresh nonce per ceremony and honours prefix and baseUrl", async () => {
    const { fake, challenge } = setUp();
    const first = challenge({ prefix: "/api/auth", baseUrl: "https://other.example.com/" });
    const url = fake.opened[0]!.url;
    expect(url.startsWith("https://other.example.com/api/auth/login?popup=1&")).toBe(true);
    fake.opened[0]!.popup.close();
    fake.advance(2000);
    await expect(first).rejects.toMatchObject({ code: "popup_cancelled" });
    void challenge().catch(() => undefined);
    expect(nonceOf(fake.opened[1]!.url)).not.toBe(nonceOf(url));
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another window", { source: {} }],
    ["another nonce", { data: message("someone-elses-nonce-0123456789") }],
    ["a malformed message", { data: { type: "next-stepup:popup", nonce: "x" } }],
  ])("ignores a postMessage from %s", async (_name, override) => {
    const { fake, challenge } = setUp();
    const { state, done } = track(challenge());
    const { popup, url } = fake.opened[0]!;
    fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)), ...override });
    await flush();
    expect(state.settled).toBe(false);
    fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)) });
    await done;
    expect(state.value).toEqual({ success: true });
  });

  it("takes the result from the BroadcastChannel when the opener link was cut", async () => {
    const { fake, challenge } = setUp();
    const pending = challenge();
    const nonce = nonceOf(fake.opened[0]!.url);
    fake.broadcast(popupChannelName("another-flow-nonce-0123456789"), message("another-flow"));
    fake.broadcast(popupChannelName(nonce), message(nonce));
    await expect(pending).resolves.toEqual({ success: true });
  });

  it("rejects with the reported error as a typed StepUpError", async () => {
    const { fake, challenge } = setUp();
    const pending = challenge();
    const { popup, url } = fake.opened[0]!;
    fake.post({
      origin: ORIGIN,
      source: popup,
      data: message(nonceOf(url), { ok: false, error: { error: "user_mismatch" } }),
    });
    const error = (await pending.catch((e: unknown) => e)) as StepUpError;
    expect(error).toBeInstanceOf(StepUpError);
    expect(error.code).toBe("user_mismatch");
    expect(error.status).toBe(403);
    expect(error.operation).toBe("login");
    expect(popup.closed).toBe(true);
  });

  it("rejects popup_blocked when window.open returns null, and frees the slot", async () => {
    const { challenge } = setUp({ block: true });
    await expect(challenge()).rejects.toMatchObject({ code: "popup_blocked", status: 400 });
    await expect(challenge()).rejects.toMatchObject({ code: "popup_blocked" });
  });

  it("rejects popup_blocked for a null window passed by the app", async () => {
    const { fake, challenge } = setUp();
    await expect(challenge({ popup: null })).rejects.toMatchObject({ code: "popup_blocked" });
    expect(fake.opened).toHaveLength(0);
  });

  it("navigates a window the app opened itself", async () => {
    const { fake, challenge } = setUp();
    const own = new FakePopup();
    const pending = challenge({ popup: own, audience: "https://api.example.com/payments" });
    expect(fake.opened).toHaveLength(0);
    expect(new URL(own.location.href).searchParams.get("popup")).toBe("1");
    fake.post({ origin: ORIGIN, source: own, data: message(nonceOf(own.location.href)) });
    await expect(pending).resolves.toEqual({ success: true });
  });

  it("rejects popup_cancelled once the user closed the popup (after a grace period)", async () => {
    const { fake, challenge } = setUp();
    const { state, done } = track(challenge());
    fake.opened[0]!.popup.close();
    fake.advance(500);
    await flush();
    expect(state.settled).toBe(false);
    fake.advance(1000);
    await done;
    expect((state.error as StepUpError).code).toBe("popup_cancelled");
    expect(fake.listenerCount()).toBe(0);
    expect(fake.timerCount()).toBe(0);
  });

  it("still succeeds when the result arrives just after the popup closed", async () => {
    const { fake, challenge } = setUp();
    const pending = challenge();
    const { popup, url } = fake.opened[0]!;
    popup.close();
    fake.advance(500);
    fake.broadcast(popupChannelName(nonceOf(url)), message(nonceOf(url)));
    await expect(pending).resolves.toEqual({ success: true });
  });

  it("with detectClose: false, waits for the result or the timeout", async () => {
    const { fake, challenge } = setUp();
    const { state, done } = track(challenge({ detectClose: false, timeout: 60_000 }));
    fake.opened[0]!.popup.close();
    fake.advance(30_000);
    await flush();
    expect(state.settled).toBe(false);
    fake.advance(30_000);
    await done;
    expect((state.error as StepUpError).code).toBe("popup_timeout");
  });

  it("times out after 5 minutes by default and closes the popup", async () => {
    const { fake, challenge } = setUp();
    const { state, done } = track(challenge());
    fake.advance(5 * 60 * 1000 - 1);
    await flush();
    expect(state.settled).toBe(false);
    fake.advance(1);
    await done;
    expect(state.error).toMatchObject({ code: "popup_timeout", status: 408, timeout: 300_000 });
    expect(fake.opened[0]!.popup.closed).toBe(true);
  });

  it("refuses a second ceremony while one is open, and allows one after", async () => {
    const { fake, challenge } = setUp();
    const first = challenge();
    const own = new FakePopup();
    await expect(challenge({ popup: own })).rejects.toMatchObject({ code: "popup_in_progress" });
    expect(fake.opened).toHaveLength(1);
    // The app's spare window is closed and the open popup brought to the front.
    expect(own.closed).toBe(true);
    expect(fake.opened[0]!.popup.focused).toBe(1);

    const { popup, url } = fake.opened[0]!;
    fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)) });
    await expect(first).resolves.toEqual({ success: true });
    const second = challenge();
    expect(fake.opened).toHaveLength(2);
    fake.advance(5 * 60 * 1000);
    await expect(second).rejects.toMatchObject({ code: "popup_timeout" });
  });

  it("aborts: closes the popup and rejects with the signal's reason", async () => {
    const { fake, challenge } = setUp();
    const controller = new AbortController();
    const pending = challenge({ signal: controller.signal });
    const reason = new Error("navigated away");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(fake.opened[0]!.popup.closed).toBe(true);
    expect(fake.listenerCount()).toBe(0);
  });

  it("opens nothing for an already aborted signal", async () => {
    const { fake, challenge } = setUp();
    const controller = new AbortController();
    controller.abort();
    await expect(challenge({ signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(fake.opened).toHaveLength(0);
  });

  it.each([[{ timeout: 0 }], [{ timeout: Number.NaN }], [{ maxAge: -1 }], [{ maxAge: 1.5 }]])(
    "rejects misuse %j with a TypeError before opening anything",
    async (options) => {
      const { fake, challenge } = setUp();
      await expect(challenge(options)).rejects.toBeInstanceOf(TypeError);
      expect(fake.opened).toHaveLength(0);
    },
  );

  it("works without BroadcastChannel (postMessage only)", async () => {
    const { fake, challenge } = setUp({ broadcast: false });
    const pending = challenge();
    const { popup, url } = fake.opened[0]!;
    fake.post({ origin: ORIGIN, source: popup, data: message(nonceOf(url)) });
    await expect(pending).resolves.toEqual({ success: true });
  });
});
