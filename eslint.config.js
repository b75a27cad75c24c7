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
  // extensions/tandem-theme/assets/tandem-embed.js is generated (minified) from scripts/theme-embed/.
  { ignores: ["build/**", "public/build/**", "node_modules/**", "extensions/*/dist/**", "extensions/tandem-theme/assets/**", "tmp/**", ".cache/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // The storefront embed is hand-sized browser JavaScript (3 KB gzipped budget): short-circuit
    // calls, Meta's fbq queue snippet and `var self = this` in an XHR hook are deliberate.
    files: ["scripts/theme-embed/**/*.js"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
      "@typescript-eslint/no-this-alias": "off",
      "@typescript-eslint/no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    files: ["app/capi/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", frameworkImports] },
  },
);
