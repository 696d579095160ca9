// Lets app-example resolve `next-stepup` to this checkout's build, as an app
// that ran `npm install next-stepup` resolves it to node_modules/next-stepup:
// node_modules/next-stepup is made a link to the repository root, whose
// package.json "exports" point into dist/. app-example/package.json depends
// on next-stepup by version, so a copy of app-example/ installs it from the
// registry instead. npm ci empties node_modules, so build, example, e2e and
// typecheck each call this (it is idempotent and instant).
import { lstatSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const link = resolve(root, "node_modules", "next-stepup");

export function linkSelf() {
  try {
    const stat = lstatSync(link);
    if (stat.isSymbolicLink() && resolve(root, "node_modules", readlinkSync(link)) === root) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // Not there yet.
  }
  // Relative, so the checkout can move; "junction" keeps it working on Windows.
  symlinkSync("..", link, "junction");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) linkSelf();
