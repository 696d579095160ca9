import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".data/**",
      "app-example/.next/**",
      "app-example/next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      ".reports/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      // Branching on error message text is how SDKs break; branch on err.code.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[property.name='message'][parent.type='CallExpression'][parent.callee.property.name=/^(includes|startsWith|match)$/]",
          message: "Branch on err.code, not on message text.",
        },
      ],
    },
  },
  // The layering of ARCHITECTURE.md, checked: the browser bundle never pulls in
  // server or issuer code, the Edge-safe server never the Node-only issuer, and
  // nothing shipped imports the test suite. Test files beside the code may use
  // the test fakes.
  {
    files: ["src/client/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: boundary("server", "issuer", "testing") }],
    },
  },
  {
    files: ["src/server/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: boundary("client", "issuer", "testing") }],
    },
  },
  {
    files: ["src/{errors,types,shared}/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: boundary("client", "server", "issuer", "testing") },
      ],
    },
  },
  {
    files: ["src/{issuer,testing}/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: boundary() }] },
  },
);

/** Import patterns that reach into the named folders of src/, or into the test suite. */
function boundary(...folders) {
  return [
    ...folders.map((folder) => ({
      group: [`**/${folder}/*`, `**/${folder}/index.js`, `next-stepup/${folder}`],
      message: `This layer must not import src/${folder} (see ARCHITECTURE.md).`,
    })),
    { group: ["**/test/**"], message: "Shipped code must not import the test suite." },
  ];
}
