import { describe, expect, it } from "@jest/globals";
import { queryParams, readParams } from "./body.js";

const post = (type: string, body: string) =>
  readParams(
    new Request("http://x/", { method: "POST", headers: { "content-type": type }, body }),
    1024,
  );

describe("readParams", () => {
  it.each([
    ["application/x-www-form-urlencoded", "__proto__=a&constructor=b&toString=c"],
    ["application/json", '{"__proto__":"a","constructor":"b","toString":"c"}'],
  ])("reads %s into a record without a prototype", async (type, body) => {
    const params = await post(type, body);
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.entries(params)).toEqual([
      ["__proto__", "a"],
      ["constructor", "b"],
      ["toString", "c"],
    ]);
    expect(Object.prototype.hasOwnProperty.call(params, "__proto__")).toBe(true);
  });

  it("never inherits: an absent field reads undefined, even constructor", async () => {
    const params = await post("application/json", '{"a":"1"}');
    expect(params.constructor).toBeUndefined();
    expect(queryParams(new Request("http://x/?b=2")).hasOwnProperty).toBeUndefined();
  });
});
