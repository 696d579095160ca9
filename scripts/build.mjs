// Builds the package to dist/: the Web-API half (tsconfig.sdk.json) and the
// Node half (tsconfig.node.json), then marks the issuer CLI executable and
// links node_modules/next-stepup to this checkout for app-example.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, rmSync } from "node:fs";
import { linkSelf } from "./link-self.mjs";

const tsc = (project) => execFileSync("npx", ["tsc", "-p", project], { stdio: "inherit" });

rmSync("dist", { recursive: true, force: true });
tsc("tsconfig.sdk.json");
tsc("tsconfig.node.json");
if (existsSync("dist/issuer/cli.js")) chmodSync("dist/issuer/cli.js", 0o755);
linkSelf();
