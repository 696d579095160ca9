import { describe, expect, it } from "@jest/globals";
import { createOpenedSessions } from "./opened-sessions.js";
import type { Session } from "./session.js";

const session = (sid: string): Session => ({
  sid,
  user: { sub: "u1" },
  idToken: "id",
  tokenSets: [{ audience: "a", scope: "", accessToken: "t", expiresAt: 1 }],
  createdAt: 0,
  updatedAt: 0,
});

describe("opened sessions", () => {
  it("answers a remembered value with the same frozen object", () => {
    const opened = createOpenedSessions(2);
    const remembered = opened.remember("sealed-1", session("s1"));
    expect(opened.get("sealed-1")).toBe(remembered);
    expect(Object.isFrozen(remembered)).toBe(true);
    expect(Object.isFrozen(remembered.tokenSets[0])).toBe(true);
    expect(() => {
      (remembered as { sid: string }).sid = "other";
    }).toThrow(TypeError);
  });

  it("misses for any other value, however close", () => {
    const opened = createOpenedSessions(2);
    opened.remember("sealed-1", session("s1"));
    expect(opened.get("sealed-2")).toBeUndefined();
    expect(opened.get("sealed-")).toBeUndefined();
  });

  it("forgets the least recently used entry past its bound", () => {
    const opened = createOpenedSessions(2);
    opened.remember("a", session("a"));
    opened.remember("b", session("b"));
    opened.get("a"); // a is now the most recently used
    opened.remember("c", session("c"));
    expect(opened.get("b")).toBeUndefined();
    expect(opened.get("a")?.sid).toBe("a");
    expect(opened.get("c")?.sid).toBe("c");
  });

  it("remembers nothing with a bound of 0", () => {
    const opened = createOpenedSessions(0);
    opened.remember("a", session("a"));
    expect(opened.get("a")).toBeUndefined();
  });
});

describe("opened sessions, keyed by the authentication tag", () => {
  it("misses for another value that ends with the same tag", () => {
    const opened = createOpenedSessions(2);
    opened.remember("header..iv.ciphertext.TAG", session("s1"));
    expect(opened.get("header..iv.forged.TAG")).toBeUndefined();
    expect(opened.get("header..iv.ciphertext.TAG")?.sid).toBe("s1");
  });
});
