// `npm run build`, second step: the delivery worker's own bundle, build/delivery/index.js,
// from app/delivery/delivery-entry.server.ts. The inline delivery thread loads it instead
// of the whole server bundle (scripts/delivery-thread.mjs). Packages stay imports from
// node_modules, as in the server bundle; only the app's own modules are bundled.
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const DELIVERY_ENTRY = "app/delivery/delivery-entry.server.ts";
export const DELIVERY_BUNDLE = "build/delivery/index.js";

/**
 * esbuild's options for the bundle (the delivery-entry test builds the same, in memory).
 * @type {import("esbuild").BuildOptions & { entryPoints: string[] }}
 */
export const deliveryBuildOptions = {
  entryPoints: [DELIVERY_ENTRY],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: DELIVERY_BUNDLE,
  logLevel: "warning",
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) await esbuild.build(deliveryBuildOptions);
