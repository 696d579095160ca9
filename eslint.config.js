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
);
