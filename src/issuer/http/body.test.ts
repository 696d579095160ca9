import { describe, expect, it } from "@jest/globals";
import { StepUpError } from "../../errors/index.js";
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

  it("keeps every value of a repeated name, in order, also for one name repeated to the cap", async () => {
    expect((await post("application/x-www-form-urlencoded", "a=1&b=2&a=3&a=4")).a).toEqual([
      "1",
      "3",
      "4",
    ]);
    const cap = 64 * 1024;
    const body = "a&".repeat(cap / 2);
    const params = await readParams(
      new Request("http://x/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      }),
      cap,
    );
    expect(params.a).toHaveLength(cap / 2);
  });

  it("never inherits: an absent field reads undefined, even constructor", async () => {
    const params = await post("application/json", '{"a":"1"}');
    expect(params.constructor).toBeUndefined();
    expect(queryParams(new Request("http://x/?b=2")).hasOwnProperty).toBeUndefined();
  });
});

describe("readParams on a body that fails while it streams in", () => {
  it.each([
    ["before any byte", ""],
    ["after part of a form", "grant_type=refresh"],
  ])(
    "answers invalid_request (400), not a 500, when the client goes away %s",
    async (_when, prefix) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (prefix) controller.enqueue(new TextEncoder().encode(prefix));
          controller.error(new TypeError("the client went away"));
        },
      });
      const request = new Request("http://issuer.test/oauth/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        duplex: "half",
      } as RequestInit);
      const error = await readParams(request, 1024).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StepUpError);
      expect([(error as StepUpError).code, (error as StepUpError).status]).toEqual([
        "invalid_request",
        400,
      ]);
    },
  );
});

describe("NUL characters in parameters (PostgreSQL text cannot hold them)", () => {
  const post = (type: string, body: string) =>
    readParams(
      new Request("http://issuer.test/x", {
        method: "POST",
        headers: { "content-type": type },
        body,
      }),
      1024,
    );
  const codeOf = (error: unknown) => [(error as StepUpError).code, (error as StepUpError).status];

  it.each([
    ["a form value", "application/x-www-form-urlencoded", "email=a%00b"],
    ["a form name", "application/x-www-form-urlencoded", "a%00=1"],
    ["a JSON string", "application/json", '{"email":"a\\u0000b"}'],
    ["a nested JSON string", "application/json", '{"a":[{"b":"\\u0000"}]}'],
  ])("are refused in %s with invalid_request (400)", async (_where, type, body) => {
    expect(codeOf(await post(type, body).catch((e: unknown) => e))).toEqual([
      "invalid_request",
      400,
    ]);
  });

  it("are refused in the query string", () => {
    let error: unknown;
    try {
      queryParams(new Request("http://issuer.test/dev/outbox?to=a%00b"));
    } catch (e) {
      error = e;
    }
    expect(codeOf(error)).toEqual(["invalid_request", 400]);
  });

  it("leave other text alone", async () => {
    expect(await post("application/json", '{"email":"a\\u0001b é"}')).toEqual({
      email: "a\u0001b é",
    });
  });
});
