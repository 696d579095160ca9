import { PGlite } from "@electric-sql/pglite";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { migrate, MIGRATIONS } from "../issuer/store/migrations.js";
import { wrapPglite } from "../issuer/store/pglite-client.js";

/**
 * Names a folder, made for one test run by {@link prepareTestStoreImageDir}
 * (e.g. in Jest's globalSetup), where the first test issuer of the run leaves
 * the image for every later process (Jest's workers, and each test file).
 */
export const STORE_IMAGE_DIR_ENV = "NEXT_STEPUP_TEST_STORE_IMAGE_DIR";

/**
 * A digest of the migrations: an image made by other migrations (an older
 * checkout, a stale variable) has another name and is never loaded.
 */
export function migrationsDigest(migrations: ReadonlyArray<unknown> = MIGRATIONS): string {
  return createHash("sha256").update(JSON.stringify(migrations)).digest("hex").slice(0, 16);
}

const IMAGE_DIR_PREFIX = "next-stepup-image-";
/** The image's file name in the run's folder: named by the migrations' digest. */
export const imageFileName = () => `store-image-${migrationsDigest()}.tar`;

/**
 * The blank image's file name: the same database before any migration (see
 * {@link loadBlankStoreImage}), made with the image and named alike.
 */
export const blankImageFileName = () => `store-blank-${migrationsDigest()}.tar`;

/** A fresh PGlite brought up to date by the real migrations, dumped as an uncompressed tarball. */
export async function buildStoreImage(): Promise<Blob> {
  return (await buildStoreImages()).image;
}

/** The image, and on the way the blank image: the fresh database dumped before the migrations. */
async function buildStoreImages(): Promise<{ image: Blob; blank: Blob }> {
  // 1 MB WAL segments instead of 16: a 30% smaller image that boots about
  // 25% faster; the segment size changes nothing a query can see.
  const db = await PGlite.create({ initDbStartParams: ["--wal-segsize=1"] });
  try {
    // A checkpoint before each dump: every load of it then starts with a
    // shorter recovery (about 15% less CPU per test issuer's database).
    // Uncompressed: loading skips gunzip, and the images live in memory or in the run's folder only.
    await db.exec("CHECKPOINT");
    const blank = await db.dumpDataDir("none");
    await migrate(wrapPglite(db), Date.now());
    await db.exec("CHECKPOINT");
    return { image: await db.dumpDataDir("none"), blank };
  } finally {
    await db.close();
  }
}

// One image per process (per test file under Jest, whose module registry is per file),
// and the blank image when this process built them.
let memo: Promise<Blob> | undefined;
let builtBlank: Blob | undefined;

async function loadOrBuildImage(): Promise<Blob> {
  const dir = process.env[STORE_IMAGE_DIR_ENV];
  if (!dir) {
    const { image, blank } = await buildStoreImages();
    builtBlank = blank;
    return image;
  }
  const path = join(dir, imageFileName());
  const existing = await readImage(path);
  if (existing) return existing;
  // One builder per run: the first process to claim it builds, the others
  // (test files starting meanwhile) wait for its file instead of building too.
  if (!(await claim(`${path}.building`))) {
    const built = await waitForImage(path);
    if (built) return built;
  }
  const { image, blank } = await buildStoreImages();
  builtBlank = blank;
  // The blank one first: once the image is there, both are.
  await saveImage(join(dir, blankImageFileName()), blank);
  await saveImage(path, image);
  return image;
}

async function saveImage(path: string, image: Blob): Promise<void> {
  // Write then rename, so a reader never sees half a file.
  const partial = `${path}.${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(partial, new Uint8Array(await image.arrayBuffer()));
    await rename(partial, path);
  } catch {
    // The run's folder is gone or read-only: this process keeps its own copy.
    await rm(partial, { force: true });
  }
}

async function readImage(path: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(path)]);
  } catch {
    return undefined;
  }
}

async function claim(lockPath: string): Promise<boolean> {
  try {
    await writeFile(lockPath, String(process.pid), { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}

/** Taken at load, so that a test's fake timers cannot stall the wait. */
const realSetTimeout = globalThis.setTimeout;
/** A build takes seconds; past this bound (a crashed builder) the waiter builds its own. */
const WAIT_FOR_BUILDER_MS = 60_000;

async function waitForImage(path: string): Promise<Blob | undefined> {
  const deadline = Date.now() + WAIT_FOR_BUILDER_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => realSetTimeout(resolve, 100));
    const image = await readImage(path);
    if (image) return image;
  }
  return undefined;
}

/**
 * The pre-migrated image: the run's (see {@link STORE_IMAGE_DIR_ENV}) when
 * there is one, else one built on first use and kept for the rest of the
 * process. Loading it is about 4× faster than a fresh initdb plus the
 * migrations.
 */
export async function loadStoreImage(): Promise<Blob> {
  const image = memo ?? (memo = loadOrBuildImage());
  try {
    return await image;
  } catch (error) {
    // A failed build must not stick: the next issuer tries again.
    if (memo === image) memo = undefined;
    throw error;
  }
}

/**
 * A database just after initdb, before any migration, as a PGlite data
 * folder tarball: for tests that need a fresh database (e.g. of the
 * migrations themselves). Made along with the run's image, so loading it
 * costs a PGlite boot (half a second of CPU) instead of an initdb (several).
 */
export async function loadBlankStoreImage(): Promise<Blob> {
  // Built or waited for: then the run's folder holds the blank image too.
  await loadStoreImage();
  const dir = process.env[STORE_IMAGE_DIR_ENV];
  const saved = dir ? await readImage(join(dir, blankImageFileName())) : undefined;
  if (saved) return saved;
  if (builtBlank) return builtBlank;
  // The run's folder has the image but lost the blank one: make it again.
  builtBlank = (await buildStoreImages()).blank;
  return builtBlank;
}

/**
 * Makes the run's image folder and names it in {@link STORE_IMAGE_DIR_ENV}
 * for the processes started afterwards: then only the first test issuer of
 * the whole run builds the image. Call it from Jest's `globalSetup`, and
 * {@link removeTestStoreImageDir} from `globalTeardown`.
 * @example
 * // jest.global-setup.mjs
 * import { prepareTestStoreImageDir } from "next-stepup/testing";
 * export default () => prepareTestStoreImageDir();
 */
export async function prepareTestStoreImageDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), IMAGE_DIR_PREFIX));
  process.env[STORE_IMAGE_DIR_ENV] = dir;
  return dir;
}

/** Deletes the folder made by {@link prepareTestStoreImageDir} (Jest's `globalTeardown`). */
export async function removeTestStoreImageDir(): Promise<void> {
  const dir = process.env[STORE_IMAGE_DIR_ENV];
  delete process.env[STORE_IMAGE_DIR_ENV];
  // Only a folder that prepareTestStoreImageDir made: never a path someone else chose.
  if (dir && basename(dir).startsWith(IMAGE_DIR_PREFIX)) {
    await rm(dir, { recursive: true, force: true });
  }
}
