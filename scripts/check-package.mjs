// The published package as its users will get it: publint (package.json,
// "exports", files) and @arethetypeswrong/cli (every entry point's types
// resolve under Node 16+ ESM and bundlers). The package is ESM only, so the
// CommonJS and node10 resolutions are out of scope (attw's esm-only profile).
// Needs dist/ (npm run build). Exits non-zero on any problem.
import { spawnSync } from "node:child_process";

const run = (args) =>
  spawnSync("npx", ["--no-install", ...args], { stdio: "inherit" }).status === 0;

const ok = [
  run(["publint", "--strict"]),
  run(["attw", "--pack", ".", "--profile", "esm-only"]),
].every(Boolean);
process.exit(ok ? 0 : 1);
