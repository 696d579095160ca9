import { describe, expect, it, jest } from "@jest/globals";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import globalSetup from "../../test/global-setup.js";
import globalTeardown from "../../test/global-teardown.js";
import { MIGRATIONS } from "../issuer/store/migrations.js";
import { PGlite } from "@electric-sql/pglite";
import {
  blankImageFileName,
  imageFileName,
  loadBlankStoreImage,
  migrationsDigest,
  prepareTestStoreImageDir,
  removeTestStoreImageDir,
  STORE_IMAGE_DIR_ENV,
} from "./store-image.js";
import { openPooledStore } from "./store-pool.js";

/** Runs `fn` with STORE_IMAGE_DIR_ENV as it was, whatever `fn` does to it. */
async function keepingEnv(fn: () => Promise<void>): Promise<void> {
  const before = process.env[STORE_IMAGE_DIR_ENV];
  try {
    await fn();
  } finally {
    if (before === undefined) delete process.env[STORE_IMAGE_DIR_ENV];
    else process.env[STORE_IMAGE_DIR_ENV] = before;
  }
}

describe("the pre-migrated store image", () => {
  it("is made by the real migrations: every version applied, and nothing else", async () => {
    const store = await openPooledStore();
    try {
      const rows = await store.query<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await store.query("SELECT * FROM users")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("has a blank twin: the same database before any migration", async () => {
    const db = await PGlite.create({ loadDataDir: await loadBlankStoreImage() });
    try {
      const tables = await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rows).toEqual([]);
    } finally {
      await db.close();
    }
    expect(blankImageFileName()).toBe(`store-blank-${migrationsDigest()}.tar`);
  });

  it("is named by a digest of the migrations, so other migrations never load it", () => {
    const changed = [...MIGRATIONS, { version: 999, name: "x", sql: "SELECT 1" }];
    expect(migrationsDigest(changed)).not.toBe(migrationsDigest());
    const edited = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql};` } : m));
    expect(migrationsDigest(edited)).not.toBe(migrationsDigest());
    expect(imageFileName()).toBe(`store-image-${migrationsDigest()}.tar`);
  });

  it("is left in the run's folder by the first issuer, for every later process", async () => {
    // Jest's globalSetup (test/global-setup.ts) made the folder for this run.
    const dir = process.env[STORE_IMAGE_DIR_ENV];
    expect(dir).toBeDefined();
    const store = await openPooledStore();
    await store.close();
    expect(existsSync(join(dir!, imageFileName()))).toBe(true);
  });

  it("waits for the run's builder instead of building a second image", async () => {
    await keepingEnv(async () => {
      const dir = await prepareTestStoreImageDir();
      const path = join(dir, imageFileName());
      writeFileSync(`${path}.building`, "another process");
      // The builder finishes a little later; its file is what the waiter gets.
      const finished = new Promise<void>((resolve) =>
        setTimeout(() => {
          writeFileSync(path, "the builder's image");
          resolve();
        }, 300),
      );
      await jest.isolateModulesAsync(async () => {
        const { loadStoreImage } = await import("./store-image.js");
        const image = await loadStoreImage();
        expect(await image.text()).toBe("the builder's image");
      });
      await finished;
      await removeTestStoreImageDir();
    });
  });

  it("test/global-setup.ts makes the folder that prepareTestStoreImageDir would, and teardown removes it", async () => {
    await keepingEnv(async () => {
      await globalSetup();
      const ours = process.env[STORE_IMAGE_DIR_ENV]!;
      expect(existsSync(ours)).toBe(true);
      await globalTeardown();
      expect(existsSync(ours)).toBe(false);

      const theirs = await prepareTestStoreImageDir();
      expect(process.env[STORE_IMAGE_DIR_ENV]).toBe(theirs);
      await removeTestStoreImageDir();
      expect(existsSync(theirs)).toBe(false);
      expect(process.env[STORE_IMAGE_DIR_ENV]).toBeUndefined();
    });
  });

  it("teardown never deletes a folder it did not make", async () => {
    await keepingEnv(async () => {
      const dir = await prepareTestStoreImageDir();
      const foreign = join(dir, "not-ours");
      mkdirSync(foreign);
      process.env[STORE_IMAGE_DIR_ENV] = foreign;
      await removeTestStoreImageDir();
      expect(existsSync(foreign)).toBe(true);
      process.env[STORE_IMAGE_DIR_ENV] = dir;
      await removeTestStoreImageDir();
      expect(existsSync(dir)).toBe(false);
    });
  });
});
