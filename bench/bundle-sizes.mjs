// Client bundle sizes: what a browser downloads for one import, bundled and
// minified by esbuild for the browser, then gzipped. React, react-dom and next
// are the app's own (external on both sides); everything else the SDK pulls in
// (swr, jose, ...) is counted.
import { build } from "esbuild";
import { basename } from "node:path";
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
    // The eager part only: the WebAuthn half is a lazy chunk (measured below).
    name: "enrollPasskey + verifyWithPasskey",
    split: true,
    ours: `import { enrollPasskey, verifyWithPasskey } from "${ours}"; use([enrollPasskey, verifyWithPasskey]);`,
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

/**
 * Gzipped bytes of a minified browser bundle of `source`. With `split`, only
 * the entry: dynamic `import()`s become chunks fetched later (otherwise
 * esbuild inlines them).
 */
export async function bundleSize(source, split = false) {
  const files = await bundleFiles(source, split);
  return (files.find((file) => basename(file.path).startsWith("stdin")) ?? files[0]).bytes;
}

/**
 * The files of a minified browser bundle of `source` with their gzipped
 * bytes: the entry first, then (with `splitting`) the chunks that dynamic
 * `import()`s load on demand, as an app's bundler would emit them.
 */
async function bundleFiles(source, splitting) {
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
    splitting,
    ...(splitting ? { outdir: "bench-out" } : {}),
    external: ["react", "react-dom", "react/jsx-runtime", "next", "next/*"],
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return result.outputFiles.map((file) => ({
    path: file.path,
    bytes: gzipSync(file.contents, { level: 9 }).length,
  }));
}

/** Gzipped bytes of the lazy chunk whose file name starts with `prefix`, loaded by `source`. */
export async function lazyChunkSize(source, prefix) {
  const files = await bundleFiles(source, true);
  const chunk = files.find((file) => basename(file.path).startsWith(prefix));
  if (!chunk) throw new Error(`bundle-sizes: no lazy chunk ${prefix}* for ${source}`);
  return chunk.bytes;
}

export async function benchBundleSizes(report) {
  for (const entry of BUNDLES) {
    const oursBytes = await bundleSize(entry.ours, entry.split);
    report.row({ name: `next-stepup ${entry.name}`, bytes: oursBytes });
    if (!entry.theirs) continue;
    const theirsBytes = await bundleSize(entry.theirs);
    report.row({ name: `nextjs-auth0 ${entry.name}`, bytes: theirsBytes });
    // Smaller is better: the ratio is theirs / ours (×2 = half the bytes).
    report.compare(`${entry.name}: nextjs-auth0 bytes / next-stepup bytes`, theirsBytes, oursBytes);
  }
  // @simplewebauthn/browser and the passkey ceremonies: fetched on the first passkey prompt.
  const passkeyChunk = await lazyChunkSize(
    `import { enrollPasskey, verifyWithPasskey } from "${ours}"; use([enrollPasskey, verifyWithPasskey]);`,
    "ceremony-",
  );
  report.row({ name: "next-stepup passkey chunk (lazy)", bytes: passkeyChunk });
}
