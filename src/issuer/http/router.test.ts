import { describe, expect, it } from "@jest/globals";
import type { IssuerDeps } from "../deps.js";
import { createRouter, routeParams } from "./router.js";

const deps = {
  issuer: "http://issuer.test/base",
  logger: () => undefined,
} as unknown as IssuerDeps;
const echo = async (request: Request) => Response.json(routeParams(request));

describe("createRouter path parameters", () => {
  const handler = createRouter(
    {
      "GET /things": async () => Response.json({ exact: true }),
      "DELETE /things/{id}": echo,
      "GET /users/{userId}/items/{itemId}": echo,
    },
    deps,
  );
  const go = (method: string, path: string) =>
    handler(new Request(`http://issuer.test/base${path}`, { method }));

  it("binds {name} segments, percent-decoded", async () => {
    expect(await (await go("DELETE", "/things/totp%7Cabc")).json()).toEqual({ id: "totp|abc" });
    expect(await (await go("GET", "/users/u1/items/i2")).json()).toEqual({
      userId: "u1",
      itemId: "i2",
    });
  });

  it("prefers an exact path; a pattern's other method → 405 with Allow", async () => {
    expect(await (await go("GET", "/things")).json()).toEqual({ exact: true });
    const wrong = await go("GET", "/things/1");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("DELETE");
  });

  it.each([
    ["an empty segment", "/things/"],
    ["an extra segment", "/things/1/2"],
    ["bad percent-encoding", "/things/%E0%A4%A"],
    // Found by the fuzz: the store was asked for a user "a\0b" and failed with a 500.
    ["a NUL character", "/things/a%00b"],
    ["a different literal", "/users/u1/other/i2"],
  ])("%s → 404", async (_name, path) => {
    const answer = await go("DELETE", path);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: string }).error).toBe("not_found");
  });
});
