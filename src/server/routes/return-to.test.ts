import { describe, expect, it } from "@jest/globals";
import { HOSTILE_RETURN_PATHS } from "../../../test/helpers/hostile-return-paths.js";
import { returnUrl, safeReturnTo } from "./return-to.js";

const app = new URL("http://app.test");

describe("safeReturnTo", () => {
  it.each([
    ["/dashboard?x=1#h", "/dashboard?x=1#h"],
    ["/a/./b/../c", "/a/c"],
    [undefined, "/"],
    ["", "/"],
    ["dashboard", "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input, app)).toBe(expected);
  });

  it.each(HOSTILE_RETURN_PATHS.map((payload) => [JSON.stringify(payload), payload]))(
    "keeps %s on the app's origin, as the result a browser would follow",
    (_name, payload) => {
      const result = safeReturnTo(payload, app);
      // The result is itself a local path, whatever the input normalised to…
      expect(result.startsWith("/")).toBe(true);
      expect(result.startsWith("//") || result.startsWith("/\\")).toBe(false);
      // …and resolves, as a Location header would, on the app's origin.
      expect(new URL(result, app).origin).toBe(app.origin);
      expect(returnUrl(payload, app).origin).toBe(app.origin);
    },
  );

  it("falls back to / for the normalising payloads of issue 9.1", () => {
    for (const payload of [
      "/.//evil.example/",
      "/..//evil.example/",
      "/%2e//evil.example/",
      "/a/..//evil.example/",
    ]) {
      expect(safeReturnTo(payload, app)).toBe("/");
    }
  });
});
