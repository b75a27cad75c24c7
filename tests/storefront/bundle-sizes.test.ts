import { describe, expect, it } from "vitest";
import { BUDGETS, measureBundles } from "./bundle-sizes";

describe("storefront bundles", () => {
  it("the shipped theme asset is the build of its source, and both bundles stay within budget gzipped", async () => {
    const sizes = await measureBundles();
    console.log(`web pixel ${sizes.webPixel.gzip} B gzipped, theme embed ${sizes.themeEmbed.gzip} B gzipped`);
    expect(sizes.themeEmbedIsFresh, "run node scripts/theme-embed/build.mjs").toBe(true);
    expect(sizes.webPixel.gzip).toBeLessThanOrEqual(BUDGETS.webPixel);
    expect(sizes.themeEmbed.gzip).toBeLessThanOrEqual(BUDGETS.themeEmbed);
  });
});
