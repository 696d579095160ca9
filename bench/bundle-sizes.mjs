// Client bundle sizes: what a browser downloads for one import, bundled and
// minified by esbuild for the browser, then gzipped. React, react-dom and next
// are the app's own (external on both sides); everything else the SDK pulls in
// (swr, jose, ...) is counted.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const ours = "./dist/client/index.js";
const theirs = "@auth0/nextjs-auth0/client";

export const BUNDLES = [
  {
    name: "mfa alone",
    ours: `import { mfa } from "${ours}"; use(mfa);`,
    theirs: `import { mfa } from "${theirs}"; use(mfa);`,
  },
  {
    name: "useUser",
    ours: `import { useUser } from "${ours}"; use(useUser);`,
    theirs: `import { useUser } from "${theirs}"; use(useUser);`,
  },
  { name: "useStepUp", ours: `import { useStepUp } from "${ours}"; use(useStepUp);` },
  {
    name: "challengeWithPopup",
    ours: `import { challengeWithPopup } from "${ours}"; use(challengeWithPopup);`,
  },
  {
    name: "fetchWithStepUp",
    ours: `import { fetchWithStepUp } from "${ours}"; use(fetchWithStepUp);`,
  },
  {
    name: "useAuthenticators",
    ours: `import { useAuthenticators } from "${ours}"; use(useAuthenticators);`,
  },
  {
    name: "errors entry",
    ours: `import * as all from "./dist/errors/index.js"; use(all);`,
    theirs: `import * as all from "@auth0/nextjs-auth0/errors"; use(all);`,
  },
  {
    name: "whole client entry",
    ours: `import * as all from "${ours}"; use(all);`,
    theirs: `import * as all from "${theirs}"; use(all);`,
  },
];

/** Gzipped bytes of a minified browser bundle of `source`. */
export async function bundleSize(source) {
  const result = await build({
    stdin: {
      contents: `${source}\nfunction use(x) { globalThis.__keep = x; }`,
      resolveDir: root,
      loader: "js",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    splitting: false,
    external: ["react", "react-dom", "react/jsx-runtime", "next", "next/*"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

export async function benchBundleSizes(report) {
  for (const entry of BUNDLES) {
    const oursBytes = await bundleSize(entry.ours);
    report.row({ name: `next-stepup ${entry.name}`, bytes: oursBytes });
    if (!entry.theirs) continue;
    const theirsBytes = await bundleSize(entry.theirs);
    report.row({ name: `nextjs-auth0 ${entry.name}`, bytes: theirsBytes });
    // Smaller is better: the ratio is theirs / ours (×2 = half the bytes).
    report.compare(`${entry.name}: nextjs-auth0 bytes / next-stepup bytes`, theirsBytes, oursBytes);
  }
}
