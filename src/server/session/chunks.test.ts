import { describe, expect, it } from "@jest/globals";
import { createCookieJar } from "../cookies/cookie-jar.js";
import { CHUNK_SIZE, deleteChunked, readChunked, writeChunked } from "./chunks.js";

const names = (jar: ReturnType<typeof createCookieJar>) =>
  jar
    .getAll()
    .map((c) => c.name)
    .sort();

describe("chunked cookies", () => {
  it("keeps a small value in one cookie", () => {
    const jar = createCookieJar();
    writeChunked(jar, "s", "abc", {});
    expect(names(jar)).toEqual(["s"]);
    expect(readChunked(jar, "s")).toBe("abc");
  });

  it("splits a large value and joins it back", () => {
    const jar = createCookieJar();
    const value = "x".repeat(CHUNK_SIZE * 2 + 10);
    writeChunked(jar, "s", value, {});
    expect(names(jar)).toEqual(["s.0", "s.1", "s.2"]);
    expect(jar.getAll().every((c) => c.value.length <= CHUNK_SIZE)).toBe(true);
    expect(readChunked(jar, "s")).toBe(value);
  });

  it("deletes stale chunks when the value shrinks", () => {
    const jar = createCookieJar([{ name: "other", value: "1" }]);
    writeChunked(jar, "s", "y".repeat(CHUNK_SIZE * 3), {});
    writeChunked(jar, "s", "z".repeat(CHUNK_SIZE + 1), {});
    expect(names(jar)).toEqual(["other", "s.0", "s.1"]);
    writeChunked(jar, "s", "small", {});
    expect(names(jar)).toEqual(["other", "s"]);
    writeChunked(jar, "s", "w".repeat(CHUNK_SIZE + 1), {});
    expect(names(jar)).toEqual(["other", "s.0", "s.1"]);
    deleteChunked(jar, "s");
    expect(names(jar)).toEqual(["other"]);
    expect(readChunked(jar, "s")).toBeUndefined();
  });
});
