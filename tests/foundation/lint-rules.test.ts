import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

const eslint = new ESLint();

async function importErrors(filePath: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports");
}

describe("the layer rule keeping app/capi/ pure", () => {
  it.each([
    'import { json } from "@remix-run/node";',
    'import { authenticate } from "@shopify/shopify-app-remix/server";',
    'import { PrismaClient } from "@prisma/client";',
    'import prisma from "../db.server";',
  ])("GIVEN %s in app/capi THEN lint fails with the reason", async (line) => {
    const errors = await importErrors("app/capi/example.ts", `${line}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("app/capi/ is the pure domain");
  });

  it("GIVEN the same import outside app/capi THEN the rule does not apply", async () => {
    expect(await importErrors("app/routes/example.ts", 'import { json } from "@remix-run/node";\nexport const x = json;\n')).toEqual([]);
  });

  it("GIVEN a zod import in app/capi THEN it is allowed", async () => {
    expect(await importErrors("app/capi/example.ts", 'import { z } from "zod";\nexport const x = z;\n')).toEqual([]);
  });
});

describe("the floors of app/: imports only downward", () => {
  it.each([
    ["app/outbox/example.ts", "../models/shops.server", "the outbox floor may not import from the models floor"],
    ["app/outbox/example.ts", "../delivery/prepare-requests", "the outbox floor may not import from the pipeline floor"],
    ["app/format/example.ts", "../components/trend-chart", "the wording floor may not import from the components floor"],
    ["app/models/example.ts", "../shopify/admin-graphql.server", "the models floor may not import from the integrations floor"],
    ["app/models/example.ts", "~/routes/app._index", "the models floor may not import from the top floor"],
    ["app/pixel/example.ts", "../ingest/ingest-webhook.server", "the integrations floor may not import from the pipeline floor"],
    ["app/db/example.ts", "../outbox/status", "the platform floor may not import from the outbox floor"],
    ["app/db.server.ts", "./shopify.server", "the platform floor may not import from the top floor"],
    ["app/components/example.tsx", "../routes/app._index", "the components floor may not import from the top floor"],
  ])("GIVEN %s importing %s THEN lint fails and says why", async (file, specifier, expected) => {
    const errors = await importErrors(file, `import x from "${specifier}";\nexport const y = x;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain(expected);
  });

  it.each([
    ["app/routes/example.ts", "../models/shops.server"],
    ["app/models/example.ts", "../format/dates"],
    ["app/models/example.ts", "../outbox/status"],
    ["app/delivery/example.ts", "../models/admin-rollup.server"],
    ["app/shopify/example.ts", "./storefront-config"],
    ["app/http/example.ts", "node:http"],
  ])("GIVEN %s importing %s (same floor or below) THEN lint allows it", async (file, specifier) => {
    expect(await importErrors(file, `import x from "${specifier}";\nexport const y = x;\n`)).toEqual([]);
  });
});

describe("scripts/ stands below tests/", () => {
  it("GIVEN a script importing a test helper THEN lint fails and says why", async () => {
    const errors = await importErrors(
      "scripts/bench/example.ts",
      'import { waitFor } from "../../tests/support/wait-for";\nexport const y = waitFor;\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("scripts/ may not import from tests/");
  });

  it("GIVEN a test importing a script's helper THEN lint allows it", async () => {
    expect(
      await importErrors(
        "tests/delivery/example.test.ts",
        'import { startApp } from "../../scripts/lib/app-process";\nexport const y = startApp;\n',
      ),
    ).toEqual([]);
  });
});

describe("the cycle check (dependency-cruiser)", () => {
  // Inside the repository (the cruiser reads only files under its working directory), in
  // the ignored .cache folder.
  mkdirSync(".cache", { recursive: true });
  const dir = mkdtempSync(path.join(".cache", "cycle-check-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function cruise(files: Record<string, string>): { status: number; output: string } {
    const root = mkdtempSync(path.join(dir, "case-"));
    for (const [name, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), source);
    }
    try {
      const output = execFileSync("npx", ["--no-install", "depcruise", root, "--config", ".dependency-cruiser.cjs"], {
        encoding: "utf8",
        stdio: "pipe",
      });
      return { status: 0, output };
    } catch (error) {
      const failure = error as { status: number; stdout: string };
      return { status: failure.status, output: failure.stdout };
    }
  }

  it("GIVEN two files that import each other THEN the check fails and names them", () => {
    const result = cruise({
      "a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "b.ts": 'import type { a } from "./a";\nexport const b: typeof a | null = null;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("no-circular");
    expect(result.output).toMatch(/a\.ts/);
  });

  it("GIVEN files importing in one direction THEN the check passes", () => {
    const result = cruise({ "a.ts": 'import { b } from "./b";\nexport const a = () => b;\n', "b.ts": "export const b = 1;\n" });
    expect(result.status).toBe(0);
  });
});

describe("every part of app/ on a floor", () => {
  it("GIVEN the folders and top-level modules of app/ THEN each sits on exactly one floor of eslint.config.js", async () => {
    const { FLOORS } = (await import("../../eslint.config.js")) as { FLOORS: Array<{ folders: string[]; files?: string[] }> };
    const placed = FLOORS.flatMap((floor) => [...floor.folders, ...(floor.files ?? [])]);
    const parts = readdirSync("app", { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || /\.(ts|tsx)$/.test(entry.name))
      .filter((entry) => !entry.name.endsWith(".d.ts"))
      .map((entry) => (entry.isDirectory() ? entry.name : entry.name.replace(/\.(ts|tsx)$/, "")));
    expect(parts.filter((part) => !placed.includes(part))).toEqual([]);
    expect(placed.filter((part, index) => placed.indexOf(part) !== index)).toEqual([]);
  });
});

describe("raw SQL only in app/db/statements/", () => {
  async function rawSqlErrors(filePath: string, source: string) {
    const [result] = await eslint.lintText(source, { filePath });
    return result.messages.filter((m) => m.ruleId === "no-restricted-syntax");
  }

  it.each([
    ["$queryRaw", "export const f = (db: any) => db.$queryRaw`SELECT 1`;\n"],
    ["$executeRaw", 'export const f = (db: any) => db.$executeRaw`DELETE FROM "Shop"`;\n'],
    ["$executeRawUnsafe", 'export const f = (db: any) => db.$executeRawUnsafe("PRAGMA optimize");\n'],
    ["Prisma.sql", 'import { Prisma } from "@prisma/client";\nexport const s = Prisma.sql`SELECT 1`;\n'],
    ["Prisma.join", 'import { Prisma } from "@prisma/client";\nexport const s = Prisma.join([1, 2]);\n'],
    ["Prisma.raw", 'import { Prisma } from "@prisma/client";\nexport const s = Prisma.raw("1");\n'],
    [".prepare(", 'export const f = (db: any) => db.prepare("SELECT 1");\n'],
  ])("GIVEN %s in app/models THEN lint fails and names the place", async (_, source) => {
    const errors = await rawSqlErrors("app/models/example.server.ts", source);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain("raw SQL lives in app/db/statements/");
  });

  it("GIVEN the same statement in app/db/statements THEN lint allows it", async () => {
    expect(await rawSqlErrors("app/db/statements/example.server.ts", "export const f = (db: any) => db.$queryRaw`SELECT 1`;\n")).toEqual(
      [],
    );
  });

  it("GIVEN typed Prisma and the Prisma.Sql type outside it THEN lint allows them", async () => {
    const source = 'import { Prisma } from "@prisma/client";\nexport const f = (db: any, s: Prisma.Sql) => [db.shop.findMany(), s];\n';
    expect(await rawSqlErrors("app/models/example.server.ts", source)).toEqual([]);
  });
});
