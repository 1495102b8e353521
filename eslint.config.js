// Lint: TypeScript rules, React hooks, and the one-way arrows between layers (STYLE.md).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (files, patterns, message, allowTypeImports = false) => ({
  files,
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      { patterns: [{ group: patterns, message, allowTypeImports }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ["build/**", "data/**", "node_modules/**", "test-results/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  layer(
    ["core/**"],
    ["**/app/**", "**/server/**", "**/db/**", "node:*"],
    "core/ is pure: it imports only libraries.",
  ),
  layer(["db/**"], ["**/app/**", "**/server/**"], "db/ depends only on core/."),
  layer(["server/**"], ["**/app/**"], "server/ never imports the view layer."),
  layer(
    ["app/**"],
    ["**/server/**", "**/db/**"],
    "app/ reaches services through the load context; it may import types from server/ only.",
    true,
  ),
  {
    files: ["scripts/**", "bench/**", "tests/**", "server/cli.ts", "server/index.ts"],
    rules: { "no-console": "off" },
  },
);
