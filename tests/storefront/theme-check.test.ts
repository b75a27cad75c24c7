// Shopify's theme check (the linter `shopify theme check` runs) on the theme app extension.
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { themeCheckRun } from "@shopify/theme-check-node";

const ROOT = fileURLToPath(new URL("../../extensions/tandem-theme", import.meta.url));

describe("theme app extension", () => {
  it("passes Shopify theme check (theme-app-extension config) with no errors or warnings", async () => {
    const { offenses, theme, config } = await themeCheckRun(ROOT, undefined, () => {});
    expect(theme.map((file) => file.uri.split("/extensions/tandem-theme/")[1]).sort()).toEqual([
      "blocks/tandem-embed.liquid",
      "locales/en.default.schema.json",
    ]);
    expect(config.checks.length).toBeGreaterThan(10);
    expect(offenses.map((o) => `${o.severity} ${o.check} ${o.uri}: ${o.message}`)).toEqual([]);
  }, 60_000);
});
