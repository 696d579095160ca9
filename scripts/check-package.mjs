// The published package as its users will get it: publint (package.json,
// "exports", files) and @arethetypeswrong/cli (every entry point's types
// resolve under Node 16+ ESM and bundlers). The package is ESM only, so the
// CommonJS and node10 resolutions are out of scope (attw's esm-only profile).
// Then the browser budgets: what an app's bundler ships for one import,
// measured as bench/bundle-sizes.mjs measures it (esbuild, minified, gzip),
// so a size cannot grow back unnoticed between two benches.
// Needs dist/ (npm run build). Exits non-zero on any problem.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLES, bundleSize } from "../bench/bundle-sizes.mjs";

/** Gzipped bytes allowed per bench row (issue 11: `import { mfa }` ≤ 2,500 B). */
const BUDGETS = { "mfa alone": 2500 };

const run = (args) =>
  spawnSync("npx", ["--no-install", ...args], { stdio: "inherit" }).status === 0;

async function withinBudgets() {
  let ok = true;
  for (const [name, budget] of Object.entries(BUDGETS)) {
    const entry = BUNDLES.find((bundle) => bundle.name === name);
    if (!entry) throw new Error(`check-package: no bundle "${name}" in bench/bundle-sizes.mjs`);
    const bytes = await bundleSize(entry.ours, entry.split);
    const within = bytes <= budget;
    console.log(`${within ? "✓" : "✗"} ${name}: ${bytes} B gzip (budget ${budget} B)`);
    ok &&= within;
  }
  return ok;
}

/**
 * attw over the tarball `npm pack` makes, packed into a temporary folder: not
 * into the checkout (as `attw --pack` does), where `npm test`'s lint, running
 * beside this, would list the tarball and then fail to read it once deleted.
 */
function attw() {
  const folder = mkdtempSync(join(tmpdir(), "next-stepup-pack-"));
  try {
    const packed = spawnSync("npm", ["pack", "--silent", "--pack-destination", folder], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = packed.stdout.trim().split("\n").pop();
    if (packed.status !== 0 || !tarball) return false;
    return run(["attw", join(folder, tarball), "--profile", "esm-only"]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const ok = [run(["publint", "--strict"]), attw(), await withinBudgets()].every(Boolean);
process.exit(ok ? 0 : 1);
