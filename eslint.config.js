import tseslint from "typescript-eslint";

const frameworkImports = {
  patterns: [
    {
      group: ["@remix-run/*", "@shopify/*", "@prisma/*", "prisma", "prisma/*", "react", "react-dom", "~/*", "../*.server", "../**/*.server"],
      message:
        "app/capi/ is the pure domain: no Remix, Shopify, Prisma or server-module imports, so it can be tested exhaustively and reused by the pipeline, the admin and the extensions' tests (STYLE.md rule 1).",
    },
  ],
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", "extensions/*/dist/**", "tmp/**", ".cache/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["app/capi/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", frameworkImports] },
  },
);
