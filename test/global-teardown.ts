import { rm } from "node:fs/promises";
import { basename } from "node:path";

/** Deletes the run's image folder (see global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.NEXT_STEPUP_TEST_STORE_IMAGE_DIR;
  if (dir && basename(dir).startsWith("next-stepup-image-")) {
    await rm(dir, { recursive: true, force: true });
  }
}
