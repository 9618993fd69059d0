import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "public/client/",
      "app/generated/",
      ".cache/",
      ".data/",
      "node_modules/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          // Configuration is read and validated in one place (app/utils/env.server.ts).
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through getEnv() from ~/utils/env.server.",
        },
      ],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "react/prop-types": "off",
      // Every string a reader sees comes from the en/ko/ja catalogues (app/i18n).
      "react/jsx-no-literals": ["error", { noStrings: true, ignoreProps: true, allowedStrings: [": ", "·"] }],
    },
  },
  {
    // Start-up code, the env module itself, scripts and tests may touch process.env directly.
    files: [
      "app/utils/env.server.ts",
      "app/utils/logger.server.ts",
      "app/server/**",
      "prisma/**",
      "tests/**",
      "*.config.{js,ts}",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
);
