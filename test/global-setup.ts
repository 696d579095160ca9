import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The run's folder for the pre-migrated store image: the first test issuer
 * builds the image there, every later one (in any worker) loads it. This is
 * prepareTestStoreImageDir from src/testing/store-image.ts, written out
 * because Jest loads globalSetup without the ".js" → ".ts" mapping that our
 * sources need; store-image.test.ts checks that the two agree.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NEXT_STEPUP_TEST_STORE_IMAGE_DIR = await mkdtemp(
    join(tmpdir(), "next-stepup-image-"),
  );
}
