import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

/**
 * The floors of app/ (docs/architecture.md draws them). A folder imports only from its own
 * floor and the floors below; each floor says why it sits where it does, and the rule's
 * message repeats that reason where an import breaks it. Cycles between files are refused
 * by dependency-cruiser (.dependency-cruiser.cjs, `npm run lint:cycles`).
 */
const FLOORS = [
  {
    name: "domain",
    folders: ["capi"],
    why: "app/capi/ is the pure domain: payload schemas in, CAPI events out. It is tested exhaustively and shared with the extensions' tests, so it can lean on nothing of the app",
  },
  {
    name: "platform",
    folders: ["db", "secrets", "http"],
    files: ["config.server", "db.server", "logger.server"],
    why: "the platform (configuration, logs, database connections, token encryption, the HTTP edge's guards) knows nothing of outbox rows, shops or pages, so every feature can stand on it",
  },
  {
    name: "outbox",
    folders: ["outbox", "meta", "retention"],
    why: "the outbox row's life (statuses, decisions, claims), the Graph API client and retention are the core the features share; they may not reach up into the models, the pipeline or the admin",
  },
  {
    name: "wording",
    folders: ["format"],
    why: "app/format/ is the wording and formatting the server and the browser share (dates, reasons, counts); it reads the outbox's statuses and nothing above them, so the admin's components and the exports can both use it",
  },
  {
    name: "models",
    folders: ["models"],
    why: "app/models/ is persistence scoped by shop; it serves Shopify's glue, the pipeline and the pages, and never calls them",
  },
  {
    name: "integrations",
    folders: ["shopify", "pixel"],
    why: "Shopify's Admin API glue and the pixel receipt endpoint act on models and the outbox; the pipeline and the admin call them, never the reverse",
  },
  {
    name: "pipeline",
    folders: ["ingest", "delivery", "alerts", "quality"],
    why: "the pipeline (webhook ingest, delivery worker, alerts, the daily read of Meta's quality figures) is what the routes and the background start; nothing below may depend on it",
  },
  {
    name: "components",
    folders: ["components"],
    why: "app/components/ is React for the admin pages; only routes render it",
  },
  {
    name: "top",
    folders: ["routes", "webhooks"],
    files: ["shopify.server", "background.server", "entry.server", "entry.client", "root"],
    why: "routes, the webhook glue and the composition roots (shopify.server.ts, entry.server.tsx) wire everything together; nothing imports them",
  },
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Relative ("./x", "../../x") or "~/x" specifiers that reach the folder or root file. */
const reaching = (name) => `^(?:(?:\\.\\.?/)+|~/)${escape(name)}(?:/|$)`;

function floorRules() {
  return FLOORS.slice(0, -1).map((floor, index) => {
    const above = FLOORS.slice(index + 1);
    return {
      files: [...floor.folders.map((f) => `app/${f}/**/*.{ts,tsx}`), ...(floor.files ?? []).map((f) => `app/${f}.{ts,tsx}`)],
      ignores: ["**/*.test.ts", "**/*.test.tsx", "app/capi/test-fixtures.ts"],
      rules: {
        "@typescript-eslint/no-restricted-imports": [
          "error",
          {
            patterns: [
              ...above.map((f) => ({
                regex: [...f.folders, ...(f.files ?? [])].map(reaching).join("|"),
                message: `the ${floor.name} floor may not import from the ${f.name} floor above it: ${floor.why}.`,
              })),
              ...(floor.name === "domain" ? frameworkImports : []),
            ],
          },
        ],
      },
    };
  });
}

const frameworkImports = [
  {
    group: ["@remix-run/*", "@shopify/*", "@prisma/*", "prisma", "prisma/*", "react", "react-dom"],
    message:
      "app/capi/ is the pure domain: no Remix, Shopify, Prisma or server-module imports, so it can be tested exhaustively and reused by the pipeline, the admin and the extensions' tests.",
  },
];

/**
 * One place for the statements (docs/decisions/023-one-place-for-statements.md): raw SQL
 * lives in app/db/statements/, one module per concern with both providers' variants side
 * by side, so a reader finds every statement the app runs in one folder. The two
 * connection adapters patch the drivers themselves and stay where they are.
 */
const RAW_SQL_HOMES = ["app/db/statements/**", "app/db/sqlite-adapter.server.ts", "app/db/postgres-adapter.server.ts"];
const RAW_SQL_MESSAGE =
  "raw SQL lives in app/db/statements/ (one module per concern, both providers side by side, with why it is raw); call a statement from there";
const rawSqlOutsideItsHome = {
  files: ["app/**/*.{ts,tsx}"],
  ignores: ["**/*.test.ts", "**/*.test.tsx", ...RAW_SQL_HOMES],
  rules: {
    "no-restricted-syntax": [
      "error",
      { selector: "MemberExpression[property.name=/^\\$(queryRaw|executeRaw)(Unsafe)?$/]", message: `${RAW_SQL_MESSAGE}.` },
      { selector: "MemberExpression[object.name='Prisma'][property.name=/^(sql|raw|join|empty)$/]", message: `${RAW_SQL_MESSAGE}.` },
      { selector: "CallExpression[callee.property.name='prepare']", message: `${RAW_SQL_MESSAGE}.` },
    ],
  },
};

export { FLOORS };

export default tseslint.config(
  // extensions/tandem-theme/assets/tandem-embed.js is generated (minified) from scripts/theme-embed/.
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      "extensions/*/dist/**",
      "extensions/tandem-theme/assets/**",
      "tmp/**",
      ".cache/**",
      "**/*.d.ts",
    ],
  },
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
  ...floorRules(),
  rawSqlOutsideItsHome,
  {
    // The tools (emulator, simulator, benchmarks, demo) are what the tests stand on; a
    // script that imported a test helper would break when a test moved.
    files: ["scripts/**/*.{ts,mjs,js}"],
    ignores: ["scripts/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?:\\.\\./)+tests(?:/|$)",
              message: "scripts/ may not import from tests/: the tests use the scripts' helpers (scripts/lib/), never the reverse.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
