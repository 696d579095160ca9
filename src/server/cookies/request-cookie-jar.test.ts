import { describe, expect, it } from "@jest/globals";
import {
  createRequestCookieJar,
  parseCookieHeader,
  serializeCookie,
} from "./request-cookie-jar.js";

describe("request cookie jar", () => {
  it("parses the Cookie header", () => {
    const values = parseCookieHeader("a=1; b=x%20y; a=2; bad; =v");
    expect(values.get("a")).toBe("1");
    expect(values.get("b")).toBe("x y");
    expect(values.size).toBe(2);
  });

  it("serializes attributes", () => {
    expect(
      serializeCookie("n", "v", {
        httpOnly: true,
        secure: true,
        sameSite: "lax",
        path: "/",
        maxAge: 10,
      }),
    ).toBe("n=v; Path=/; Max-Age=10; HttpOnly; Secure; SameSite=Lax");
    expect(serializeCookie("n", "", { maxAge: 0 })).toContain("Expires=Thu, 01 Jan 1970");
  });

  it("records writes and replays them on a response", () => {
    const jar = createRequestCookieJar(
      new Request("http://a.test/", { headers: { cookie: "a=1; b=2" } }),
    );
    jar.set("c", "3", { path: "/" });
    jar.delete("a");
    expect(jar.get("c")).toBe("3");
    expect(jar.get("a")).toBeUndefined();
    const response = jar.applyTo(new Response("ok", { status: 201, headers: { x: "y" } }));
    expect(response.status).toBe(201);
    expect(response.headers.get("x")).toBe("y");
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies.some((c) => c.startsWith("a=;") && c.includes("Max-Age=0"))).toBe(true);
  });
});
