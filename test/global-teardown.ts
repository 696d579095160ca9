import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";

/**
 * Prints the fuzz's totals, stops the run's PostgreSQL if a test file
 * started it, then deletes the run's folder (see global-setup.ts).
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.NEXT_STEPUP_TEST_STORE_IMAGE_DIR;
  if (dir) reportFuzzTotals(dir);
  if (dir) await stopRunPostgres(dir);
  if (dir && basename(dir).startsWith("next-stepup-image-")) {
    await rm(dir, { recursive: true, force: true });
  }
}

interface FileFigures {
  file: string;
  wallMillis: number;
  figures: Array<{
    runs: number;
    millis: number;
    cpuMillis: number;
    interrupted: boolean;
    statuses: Record<string, number>;
  }>;
}

/**
 * The fuzz files' figures of this run added up (test/fuzz/fuzz-figures-file.ts
 * writes them): one line for the log, and `.reports/fuzz.json` under `npm test`.
 * Kept in this file: Jest loads its global hooks without the ".js" → ".ts"
 * mapping that an import of a sibling would need.
 */
function reportFuzzTotals(runDir: string): void {
  const dir = join(runDir, "fuzz-figures");
  if (!existsSync(dir)) return;
  const files = readdirSync(dir).map(
    (name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as FileFigures,
  );
  let requests = 0;
  let serverErrors = 0;
  let cut = 0;
  let cpuMillis = 0;
  const areas: Record<string, { requests: number; wallMillis: number }> = {};
  for (const { file, wallMillis, figures } of files) {
    const area = { requests: 0, wallMillis };
    for (const target of figures) {
      area.requests += target.runs;
      cpuMillis += target.cpuMillis;
      if (target.interrupted) cut++;
      for (const [status, count] of Object.entries(target.statuses)) {
        if (Number(status) >= 500) serverErrors += count;
      }
    }
    requests += area.requests;
    areas[file] = area;
  }
  const totals = { requests, serverErrors, targetsCutByTimeLimit: cut, cpuMillis, areas };
  const perArea = Object.entries(areas)
    .map(([file, area]) => `${file} ${area.requests} in ${(area.wallMillis / 1000).toFixed(1)} s`)
    .join(", ");
  console.log(
    `\nfuzz: ${requests} requests, ${serverErrors} × 5xx, ${cut} targets cut by the time limit, ` +
      `cpu ${(cpuMillis / 1000).toFixed(1)} s (${perArea})`,
  );
  if (existsSync(".reports")) writeFileSync(".reports/fuzz.json", `${JSON.stringify(totals)}\n`);
}

/**
 * The run's PostgreSQL cluster, as runTestPostgres (src/testing/test-postgres.ts)
 * records it in the run's folder: the command that stops it, and its folder.
 * Kept in this file for the same reason as reportFuzzTotals.
 */
async function stopRunPostgres(runDir: string): Promise<void> {
  const record = join(runDir, "postgres.json");
  if (!existsSync(record)) return;
  const { stop, dir } = JSON.parse(readFileSync(record, "utf8")) as { stop: string[]; dir: string };
  await promisify(execFile)(stop[0]!, stop.slice(1)).catch((error: unknown) => {
    console.warn("the run's PostgreSQL did not stop:", error);
  });
  await rm(dir, { recursive: true, force: true });
}
