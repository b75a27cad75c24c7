import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

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
