import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "app/generated/**",
      "node_modules/**",
      "data/**",
      "tests/.tmp/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../../*"], message: "Use the #app/… subpath imports." }] },
      ],
    },
  },
  {
    // Domain rules stay framework-free (docs/architecture.md).
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@remix-run/*", "\\#app/generated/*", "\\#app/server/*", "react", "node:*"],
              message: "app/domain is framework-free.",
            },
          ],
        },
      ],
    },
  },
  {
    // Types flow one way (docs/architecture.md): components declare the props they need and never
    // reach into server modules; shared shapes live in app/domain. (A leading # starts a comment in
    // these patterns, hence the backslash.)
    files: ["app/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../../*"], message: "Use the #app/… subpath imports." },
            {
              group: ["\\#app/server/*", "\\#app/routes/*", "**/*.server", "**/*.server.ts"],
              message: "Components never import server modules or routes: put the shared type in app/domain.",
            },
          ],
        },
      ],
    },
  },
  {
    // …and server code never imports components or routes.
    files: ["app/server/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../../*"], message: "Use the #app/… subpath imports." },
            {
              group: ["\\#app/components/*", "\\#app/routes/*"],
              message: "Server code never imports components or routes: put the shared type in app/domain.",
            },
          ],
        },
      ],
    },
  },
);
