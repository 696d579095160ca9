import { describe, expect, it, jest } from "@jest/globals";
import { resolveCookieJar } from "./next-cookies.js";
import { createCookieJar } from "./cookie-jar.js";

const cookies = jest.fn<() => Promise<unknown>>();
jest.mock("next/headers.js", () => ({ cookies: () => cookies() }));

describe("resolveCookieJar", () => {
  it("prefers the caller's jar", async () => {
    const jar = createCookieJar();
    expect(await resolveCookieJar({ cookies: jar })).toBe(jar);
  });

  it("lets Next's control-flow errors (with a digest) through untouched", async () => {
    const dynamicUsage = Object.assign(new Error("dynamic"), { digest: "DYNAMIC_SERVER_USAGE" });
    cookies.mockRejectedValueOnce(dynamicUsage);
    await expect(resolveCookieJar()).rejects.toBe(dynamicUsage);
  });

  it("turns a missing request scope into server_error", async () => {
    cookies.mockRejectedValueOnce(new Error("outside a request scope"));
    await expect(resolveCookieJar()).rejects.toMatchObject({ code: "server_error" });
  });

  it("adapts Next's cookie store", async () => {
    const values = new Map([["a", "1"]]);
    cookies.mockResolvedValueOnce({
      get: (name: string) => (values.has(name) ? { name, value: values.get(name) } : undefined),
      getAll: () => [...values].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string) => values.set(name, value),
      delete: (name: string) => values.delete(name),
    });
    const jar = await resolveCookieJar();
    jar.set("b", "2", {});
    expect(jar.get("a")).toBe("1");
    expect(jar.getAll()).toEqual([
      { name: "a", value: "1" },
      { name: "b", value: "2" },
    ]);
  });

  it("ignores writes in a Server Component, whose cookie store is read-only", async () => {
    const readOnly = () => {
      throw new Error("Cookies can only be modified in a Server Action or Route Handler");
    };
    cookies.mockResolvedValueOnce({
      get: () => ({ name: "a", value: "1" }),
      getAll: () => [{ name: "a", value: "1" }],
      set: readOnly,
      delete: readOnly,
    });
    const jar = await resolveCookieJar();
    expect(() => jar.set("a", "2", {})).not.toThrow();
    expect(() => jar.delete("a")).not.toThrow();
    expect(jar.get("a")).toBe("1");
  });
});
