import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// app/capi is the pure domain (the bottom floor, eslint.config.js): it must stay importable by the
// pipeline, the admin previews and the extensions' tests without Remix, Shopify or Prisma.

const DIR = fileURLToPath(new URL(".", import.meta.url));
const ALLOWED = [/^\.\.?\//, /^node:(crypto|net|fs|url)$/, /^zod$/, /^libphonenumber-js$/];
const TEST_ONLY = [/^vitest$/, /^fast-check$/];

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (match) => match[1] ?? match[2],
  );
}

describe("app/capi boundary", () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith(".ts"));

  it("GIVEN the domain files THEN they exist and are found by this test", () => {
    expect(files).toContain("index.ts");
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`GIVEN ${file} THEN it imports only relative files, node built-ins, zod and libphonenumber-js`, () => {
      const isTestCode = file.endsWith(".test.ts") || file === "test-fixtures.ts";
      const allowed = isTestCode ? [...ALLOWED, ...TEST_ONLY] : ALLOWED;
      const source = readFileSync(`${DIR}${file}`, "utf8");
      for (const specifier of importsOf(source)) {
        expect(
          allowed.some((pattern) => pattern.test(specifier)),
          `${file} imports ${specifier}`,
        ).toBe(true);
      }
      // node:fs is for test helpers only: the domain itself never touches the disk.
      if (!isTestCode) expect(source).not.toMatch(/from\s+["']node:fs["']/);
    });
  }
});
