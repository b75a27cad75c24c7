// Builds extensions/tandem-theme/assets/tandem-embed.js (minified: the storefront budget is
// 3 KB gzipped) from the readable source next to this file. Shopify serves theme assets
// as they are, so the minified file is what ships and what the browser tests load.
// Run: node scripts/theme-embed/build.mjs   (tests fail when the asset is stale)
// It lives outside extensions/: the Shopify CLI treats every folder there as an extension,
// and a theme extension may hold only its own folders (assets, blocks, locales, ...).
import { transform } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const SOURCE = fileURLToPath(new URL("./tandem-embed.js", import.meta.url));
export const ASSET = fileURLToPath(new URL("../../extensions/tandem-theme/assets/tandem-embed.js", import.meta.url));

export async function buildEmbed() {
  const source = await readFile(SOURCE, "utf8");
  const { code } = await transform(source, { minify: true, target: "es2017", legalComments: "none" });
  return `/* Tandem theme embed. Generated from scripts/theme-embed/tandem-embed.js by build.mjs: do not edit. */\n${code}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(ASSET, await buildEmbed());
  console.log(`wrote ${ASSET}`);
}
