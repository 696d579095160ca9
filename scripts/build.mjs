// Builds the package to dist/: the Web-API half (tsconfig.sdk.json) and the
// Node half (tsconfig.node.json), then marks the issuer CLI executable and
// links node_modules/next-stepup to this checkout for app-example.
// The two tsc runs are independent programs and run side by side (one per
// core). The Node half imports much of the Web-API half (src/testing drives
// the server SDK), so both emit those files, with the same bytes.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, rmSync } from "node:fs";
import { linkSelf } from "./link-self.mjs";

const tsc = (project) =>
  new Promise((resolve) => {
    const child = spawn("npx", ["tsc", "-p", project], { stdio: "inherit" });
    child.on("close", (status) => resolve(status === 0));
  });

rmSync("dist", { recursive: true, force: true });
const ok = (await Promise.all([tsc("tsconfig.sdk.json"), tsc("tsconfig.node.json")])).every(
  Boolean,
);
if (!ok) process.exit(1);
if (existsSync("dist/issuer/cli.js")) chmodSync("dist/issuer/cli.js", 0o755);
linkSelf();
