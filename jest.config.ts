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
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
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
};

export default config;
