import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { describe, expect, it } from "vitest";

// tests/ mirrors app/: the tests of app/<folder>/ live in tests/<folder>/, and a page's tests
// (its loader and action, its browser test) in tests/routes/<page>/. A contributor who
// changes a file finds its tests by the same path. The folders below hold what no single
// app/ folder does, each with the reason.
const NOT_IN_APP: Record<string, string> = {
  foundation: "what every request stands on: configuration, authentication, webhook signatures, health, the lint floors",
  pipeline: "a webhook followed through ingest, the outbox and delivery to the Meta emulator, and the crash runs",
  hostile: "hostile traffic against the whole app",
  postgres: "several instances and workers on one PostgreSQL server, and the schema's twin",
  storefront: "the theme embed and the web pixel (extensions/)",
  "meta-emulator": "the Meta Graph API emulator (scripts/lib/meta-emulator/)",
  cli: "the command line (scripts/cli/)",
  support: "helpers the tests share",
  fixtures: "Shopify's payloads and Admin API schema",
};

// Each folder of tests/routes/ names the page it tests, by its route module.
const PAGES: Record<string, string> = {
  app: "app.tsx",
  overview: "app._index",
  orders: "app.orders",
  events: "app.events._index.tsx",
  settings: "app.settings",
  consent: "app.consent.tsx",
  login: "auth.login",
};

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// A folder left empty by a move (git keeps no empty folders) is not one.
const hasFiles = (dir: string): boolean =>
  readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() || (e.isDirectory() && hasFiles(path.join(dir, e.name))));
const folders = (dir: string) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && hasFiles(path.join(ROOT, dir, e.name)))
    .map((e) => e.name);

describe("tests/ mirrors app/", () => {
  it("GIVEN a folder of tests/ THEN it is a folder of app/ or one that says what it tests instead", () => {
    const app = new Set(folders("app"));
    const strays = folders("tests").filter((name) => !app.has(name) && !(name in NOT_IN_APP));
    expect(strays, `folders of tests/ that mirror nothing in app/; move their tests or name them in NOT_IN_APP`).toEqual([]);
  });

  it("GIVEN a folder of tests/routes/ THEN it names an admin page that exists", () => {
    for (const name of folders("tests/routes")) {
      expect(PAGES[name], `tests/routes/${name}/ names no page; add it to PAGES`).toBeDefined();
      expect(existsSync(path.join(ROOT, "app/routes", PAGES[name])), `app/routes/${PAGES[name]}`).toBe(true);
    }
  });

  it("GIVEN the folders named as not in app/ THEN none of them is an app/ folder after all", () => {
    const app = new Set(folders("app"));
    expect(Object.keys(NOT_IN_APP).filter((name) => app.has(name))).toEqual([]);
  });
});
