import { describe, expect, it } from "@jest/globals";
import { ConfigError, ENV, loadCliSettings, type CliSettings } from "./load-config.js";

const SECRET = "s".repeat(32);
const FILE = {
  issuer: "http://localhost:4000",
  secret: SECRET,
  clients: [
    { clientId: "app", clientSecret: "c".repeat(16), redirectUris: ["http://app.test/cb"] },
  ],
  dataDir: "data",
};

function reader(files: Record<string, string>) {
  return async (path: string) => {
    const name = path.split("/").at(-1)!;
    if (!(name in files)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    return files[name]!;
  };
}

async function load(
  argv: string[],
  env: Record<string, string> = {},
  files: Record<string, string> = { "issuer.json": JSON.stringify(FILE) },
): Promise<CliSettings> {
  return (await loadCliSettings(argv, env, reader(files))) as CliSettings;
}

async function failure(
  argv: string[],
  env: Record<string, string> = {},
  files?: Record<string, string>,
): Promise<string> {
  const error = await load(argv, env, files).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("loadCliSettings", () => {
  it("reads the file, resolving dataDir next to it, with default port and host", async () => {
    const settings = await load(["--config", "/etc/stepup/issuer.json"]);
    expect(settings.config.issuer).toBe(FILE.issuer);
    expect(settings.config.dataDir).toBe("/etc/stepup/data");
    expect([settings.port, settings.host, settings.shutdownTimeoutMs]).toEqual([
      4000,
      "127.0.0.1",
      10_000,
    ]);
  });

  it("lets the environment override the file and flags override the environment", async () => {
    const settings = await load(["--config", "/x/issuer.json", "--port", "0"], {
      [ENV.issuer]: "https://id.example.com",
      [ENV.secret]: "t".repeat(40),
      [ENV.databaseUrl]: "postgres://db/issuer",
      [ENV.port]: "5000",
      [ENV.host]: "::1",
      [ENV.shutdownTimeout]: "2.5",
    });
    expect(settings.config.issuer).toBe("https://id.example.com");
    expect(settings.config.secret).toBe("t".repeat(40));
    // A store from the environment replaces the file's other kind of store.
    expect(settings.config.databaseUrl).toBe("postgres://db/issuer");
    expect(settings.config.dataDir).toBeUndefined();
    expect([settings.port, settings.host, settings.shutdownTimeoutMs]).toEqual([0, "::1", 2500]);
  });

  it("takes the config path, port and host from the environment or the file", async () => {
    const files = { "c.json": JSON.stringify({ ...FILE, port: 4100, host: "127.0.0.2" }) };
    const fromFile = await load([], { [ENV.config]: "/x/c.json" }, files);
    expect([fromFile.port, fromFile.host]).toEqual([4100, "127.0.0.2"]);
  });

  it("falls back to DATABASE_URL only when no store is named", async () => {
    const { dataDir: _ignored, ...noStore } = FILE;
    const files = { "a.json": JSON.stringify(noStore), "b.json": JSON.stringify(FILE) };
    const env = { DATABASE_URL: "postgres://db/x" };
    expect((await load(["--config", "/a.json"], env, files)).config.databaseUrl).toBe(
      "postgres://db/x",
    );
    expect((await load(["--config", "/b.json"], env, files)).config.databaseUrl).toBeUndefined();
  });

  it.each([
    ["no config at all", [], {}, /--config/],
    ["an unknown flag", ["--nope"], {}, /nope/],
    ["an unreadable file", ["--config", "/missing.json"], {}, /cannot read .*ENOENT/],
    ["a bad --port", ["--config", "/x/issuer.json", "--port", "70000"], {}, /--port/],
    ["a bad port variable", ["--config", "/x/issuer.json"], { [ENV.port]: "http" }, /_PORT/],
    ["a short secret variable", ["--config", "/x/issuer.json"], { [ENV.secret]: "x" }, /_SECRET:/],
    ["a bad URL variable", ["--config", "/x/issuer.json"], { [ENV.issuer]: "nope" }, /_URL:/],
    [
      "a bad database variable",
      ["--config", "/x/issuer.json"],
      { [ENV.databaseUrl]: "mysql://x" },
      /_DATABASE_URL:/,
    ],
    [
      "a bad shutdown timeout",
      ["--config", "/x/issuer.json"],
      { [ENV.shutdownTimeout]: "-1" },
      /_SHUTDOWN_TIMEOUT/,
    ],
  ])("names the culprit for %s", async (_name, argv, env, pattern) => {
    expect(await failure(argv, env)).toMatch(pattern);
  });

  it.each([
    ["bad JSON", "{ nope", /not valid JSON/],
    ["a JSON array", "[]", /JSON object/],
    ["a missing field", JSON.stringify({ ...FILE, clients: undefined }), /: clients:/],
    [
      "a nested bad field",
      JSON.stringify({ ...FILE, clients: [{ ...FILE.clients[0], redirectUris: ["x"] }] }),
      /: clients\.0\.redirectUris\.0:/,
    ],
    ["a bad port", JSON.stringify({ ...FILE, port: "x" }), /port/],
  ])("names the culprit for a file with %s", async (_name, text, pattern) => {
    expect(await failure(["--config", "/x/issuer.json"], {}, { "issuer.json": text })).toMatch(
      pattern,
    );
  });

  it("answers --help without reading anything", async () => {
    await expect(loadCliSettings(["--help"], {}, reader({}))).resolves.toEqual({ help: true });
  });
});
