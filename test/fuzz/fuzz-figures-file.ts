import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FuzzFigures } from "./run-fuzz.js";

/**
 * Leaves a fuzz file's figures in the run's folder (see global-setup.ts),
 * where the global teardown adds up every file's (the fuzz files run in
 * parallel workers) and prints one line: requests, 5xx, per area, time.
 */
export function saveFigures(
  file: string,
  figures: readonly FuzzFigures[],
  wallMillis: number,
): void {
  const dir = process.env.NEXT_STEPUP_TEST_STORE_IMAGE_DIR;
  if (!dir) return;
  mkdirSync(join(dir, "fuzz-figures"), { recursive: true });
  writeFileSync(
    join(dir, "fuzz-figures", `${file}.json`),
    JSON.stringify({ file, wallMillis, figures }),
  );
}
