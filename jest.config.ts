/**
 * Loaded by ts-node without type-checking: a full type-check of this file
 * costs seconds at every Jest start (tsc checks it in `npm run typecheck`).
 * @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "CommonJS", "moduleResolution": "Node10"}}
 */
import type { Config } from "jest";

// ESM-only dependencies are compiled to CommonJS by swc along with our code.
const esmOnly = [
  "jose",
  "oauth4webapi",
  "openid-client",
  "otplib",
  "@otplib",
  "@noble",
  "@scure",
].join("|");

const config: Config = {
  // Node's environment, plus a pool of test databases shared by a worker's files.
  testEnvironment: "<rootDir>/test/pglite-environment.mjs",
  // scripts/*.test.mjs run as native ES modules (no transform matches .mjs).
  roots: ["<rootDir>/src", "<rootDir>/test", "<rootDir>/scripts"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx", "**/*.test.mjs"],
  transform: {
    "^.+\\.(t|j)sx?$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2022",
        },
        module: { type: "commonjs" },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  // PGlite loads its WASM with a dynamic import(), which Jest only allows under
  // --experimental-vm-modules: `npm run test:unit` sets it.
  // Sources import siblings as "./x.js" (NodeNext); Jest resolves the .ts file.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 30_000,
  // Jest's default is one worker less than the cores: a single worker on 2 cores.
  maxWorkers: "100%",
  // One pre-migrated store image per run for every test issuer (src/testing/store-image.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
};

export default config;
