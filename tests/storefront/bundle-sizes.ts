// Builds the two storefront bundles and measures them gzipped (level 9).
// Run: npx tsx tests/storefront/bundle-sizes.ts
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ASSET, buildEmbed } from "../../scripts/theme-embed/build.mjs";

export const BUDGETS = { webPixel: 8 * 1024, themeEmbed: 4 * 1024 };

export async function buildWebPixel(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL("../../extensions/tandem-pixel/src/index.ts", import.meta.url))],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

export async function measureBundles() {
  const webPixel = await buildWebPixel();
  const themeEmbed = await readFile(ASSET as string, "utf8");
  const size = (code: string) => ({ raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length });
  return {
    webPixel: size(webPixel),
    themeEmbed: size(themeEmbed),
    themeEmbedIsFresh: themeEmbed === (await (buildEmbed as () => Promise<string>)()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureBundles();
  console.log(
    `web pixel   (extensions/tandem-pixel/src/index.ts, esbuild --bundle --minify): ${sizes.webPixel.raw} B, ${sizes.webPixel.gzip} B gzipped (budget ${BUDGETS.webPixel})`,
  );
  console.log(
    `theme embed (extensions/tandem-theme/assets/tandem-embed.js, shipped minified): ${sizes.themeEmbed.raw} B, ${sizes.themeEmbed.gzip} B gzipped (budget ${BUDGETS.themeEmbed})`,
  );
  if (!sizes.themeEmbedIsFresh) console.log("theme embed asset is stale: run node scripts/theme-embed/build.mjs");
}
