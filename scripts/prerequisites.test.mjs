import { describe, expect, it } from "@jest/globals";
import {
  decideChromium,
  decidePostgres,
  ensurePrerequisites,
  POSTGRES_SKIPPED_NOTICE,
  PrerequisiteError,
} from "./prerequisites.mjs";

const PW_CHROME = "/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

/** A machine with exactly `files`, as the probe sees it. */
function machine({
  files = [],
  env = {},
  isRoot = false,
  isDebian = true,
  playwright = false,
  postgresUser = true,
} = {}) {
  const present = new Set(files);
  return {
    env,
    exists: (path) => present.has(path),
    isRoot,
    isDebian,
    playwrightChromium: async () => (playwright ? PW_CHROME : undefined),
    postgresDirs: ["/opt/pg/bin", "/usr/local/bin", "/usr/lib/postgresql/16/bin"],
    postgresUser,
  };
}
const PG16 = ["/usr/lib/postgresql/16/bin/initdb", "/usr/lib/postgresql/16/bin/pg_ctl"];

describe("decideChromium", () => {
  it.each([
    [
      "CHROMIUM_PATH first, even with Debian's Chromium there",
      machine({
        env: { CHROMIUM_PATH: "/opt/chrome" },
        files: ["/opt/chrome", "/usr/bin/chromium"],
      }),
      { kind: "use", path: "/opt/chrome", source: "CHROMIUM_PATH" },
    ],
    [
      "Debian's Chromium",
      machine({ files: ["/usr/bin/chromium"], playwright: true }),
      { kind: "use", path: "/usr/bin/chromium", source: "Debian's chromium package" },
    ],
    [
      "apt as root on Debian, before Playwright's own browser",
      machine({ isRoot: true, playwright: true }),
      { kind: "install", pkg: "chromium" },
    ],
    [
      "Playwright's browser when apt is not possible (not root)",
      machine({ playwright: true }),
      { kind: "use", path: PW_CHROME, source: "Playwright's browser" },
    ],
    [
      "Playwright's browser when not Debian",
      machine({ isRoot: true, isDebian: false, playwright: true }),
      { kind: "use", path: PW_CHROME, source: "Playwright's browser" },
    ],
  ])("%s", async (_, probe, expected) => {
    await expect(decideChromium(probe)).resolves.toEqual(expected);
  });

  it("after an install, never asks to install again", async () => {
    const decision = await decideChromium(machine({ isRoot: true }), { canInstall: false });
    expect(decision.kind).toBe("missing");
  });

  it("names the Debian package, or Playwright's installer elsewhere", async () => {
    await expect(decideChromium(machine())).resolves.toMatchObject({
      kind: "missing",
      fix: "chromium",
    });
    await expect(decideChromium(machine({ isDebian: false }))).resolves.toMatchObject({
      kind: "missing",
      fix: expect.stringContaining("npx playwright install chromium"),
    });
  });

  it("refuses a CHROMIUM_PATH that does not exist instead of looking elsewhere", async () => {
    const probe = machine({ env: { CHROMIUM_PATH: "/nope" }, files: ["/usr/bin/chromium"] });
    await expect(decideChromium(probe)).resolves.toMatchObject({
      kind: "missing",
      what: expect.stringContaining("/nope"),
    });
  });
});

describe("decidePostgres", () => {
  it.each([
    [
      "the skip, asked for on purpose, wins",
      machine({ env: { STEPUP_SKIP_POSTGRES: "1" }, files: PG16 }),
      { kind: "skip" },
    ],
    [
      "PG_BIN",
      machine({ env: { PG_BIN: "/x/bin" }, files: ["/x/bin/initdb", "/x/bin/pg_ctl", ...PG16] }),
      { kind: "use", path: "/x/bin", source: "PG_BIN" },
    ],
    [
      "the first folder with both binaries",
      machine({ files: ["/opt/pg/bin/initdb", ...PG16] }),
      { kind: "use", path: "/usr/lib/postgresql/16/bin", source: "found" },
    ],
    ["apt as root on Debian", machine({ isRoot: true }), { kind: "install", pkg: "postgresql" }],
    [
      "missing when not root",
      machine(),
      {
        kind: "missing",
        component: "postgres",
        what: "no PostgreSQL (initdb, pg_ctl)",
        fix: "postgresql",
      },
    ],
  ])("%s", (_, probe, expected) => {
    expect(decidePostgres(probe)).toEqual(expected);
  });

  it("refuses a PG_BIN without the binaries", () => {
    const probe = machine({ env: { PG_BIN: "/empty" }, files: PG16 });
    expect(decidePostgres(probe)).toMatchObject({
      kind: "missing",
      what: expect.stringContaining("/empty"),
    });
  });

  it("as root, needs the postgres OS user that initdb runs as", () => {
    const probe = machine({ isRoot: true, files: PG16, postgresUser: false });
    expect(decidePostgres(probe)).toMatchObject({
      kind: "missing",
      what: expect.stringContaining("useradd --system postgres"),
    });
  });
});

describe("ensurePrerequisites", () => {
  const run = (probes, install = () => true) => {
    const lines = [];
    const installs = [];
    const queue = [...probes];
    const promise = ensurePrerequisites({
      probe: () => (queue.length > 1 ? queue.shift() : queue[0]),
      install: (packages) => {
        installs.push(packages);
        return install(packages);
      },
      log: (line) => lines.push(line),
    });
    return { promise, lines, installs };
  };

  it("pins what it found for the later steps, and installs nothing", async () => {
    const { promise, lines, installs } = run([machine({ files: ["/usr/bin/chromium", ...PG16] })]);
    await expect(promise).resolves.toEqual({
      env: { CHROMIUM_PATH: "/usr/bin/chromium", PG_BIN: "/usr/lib/postgresql/16/bin" },
      postgresSkipped: false,
    });
    expect(installs).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it("installs both with one apt-get as root on Debian, then uses them", async () => {
    const before = machine({ isRoot: true });
    const after = machine({ isRoot: true, files: ["/usr/bin/chromium", ...PG16] });
    const { promise, installs } = run([before, after]);
    await expect(promise).resolves.toMatchObject({
      env: { CHROMIUM_PATH: "/usr/bin/chromium", PG_BIN: "/usr/lib/postgresql/16/bin" },
    });
    expect(installs).toEqual([["chromium", "postgresql"]]);
  });

  it("stops with one line naming the packages when the install did not bring them", async () => {
    const { promise } = run([machine({ isRoot: true })], () => false);
    const error = await promise.catch((e) => e);
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect(error.message).not.toContain("\n");
    expect(error.message).toContain("apt-get install -y chromium postgresql");
  });

  it("without root, installs nothing and says what to run with sudo", async () => {
    const { promise, installs } = run([machine({ files: PG16 })]);
    const error = await promise.catch((e) => e);
    expect(error).toBeInstanceOf(PrerequisiteError);
    expect(error.message).toContain("sudo apt-get install -y chromium");
    expect(error.message).not.toContain("postgresql");
    expect(installs).toEqual([]);
  });

  it("says loudly that PostgreSQL is skipped when asked to", async () => {
    const probe = machine({ env: { STEPUP_SKIP_POSTGRES: "1" }, files: ["/usr/bin/chromium"] });
    const { promise, lines } = run([probe]);
    await expect(promise).resolves.toEqual({
      env: { CHROMIUM_PATH: "/usr/bin/chromium" },
      postgresSkipped: true,
    });
    expect(lines).toContain(POSTGRES_SKIPPED_NOTICE);
  });
});
