import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { deliveryBuildOptions } from "../../scripts/build-delivery.mjs";

// The delivery worker's entry (delivery-entry.server.ts) is what the inline delivery thread
// and `npm run worker` load: it must not reach the admin's UI (Polaris, the charts, React,
// Remix's browser side, the routes), which cost the thread a second of CPU at start and a
// hundred MB of memory when it loaded the whole server bundle.
const UI_PACKAGES =
  /^(@shopify\/polaris|@shopify\/polaris-viz|@shopify\/app-bridge|@shopify\/shopify-app-remix|react|react-dom|@remix-run\/react|isbot)(\/|$)/;
const UI_FILES = /^app\/(components|routes)\/|\.tsx$/;

async function deliveryGraph(entry = deliveryBuildOptions.entryPoints[0]) {
  const result = await esbuild.build({ ...deliveryBuildOptions, entryPoints: [entry], write: false, metafile: true, logLevel: "silent" });
  const { metafile } = result;
  if (!metafile) throw new Error("esbuild wrote no metafile");
  const [output] = Object.values(metafile.outputs);
  return {
    packages: [...new Set(output.imports.filter((item) => item.external).map((item) => item.path))],
    files: Object.keys(metafile.inputs),
  };
}

describe("the delivery worker's entry", () => {
  it("GIVEN the bundle the delivery thread loads WHEN its module graph is listed THEN no admin UI package or file is in it, and the worker is", async () => {
    const { packages, files } = await deliveryGraph();
    expect(packages.filter((name) => UI_PACKAGES.test(name))).toEqual([]);
    expect(files.filter((file) => UI_FILES.test(file))).toEqual([]);
    expect(files).toContain("app/delivery/worker.server.ts");
  });

  it("GIVEN the web app's entry WHEN the same check runs THEN it finds the UI (the check can see it)", async () => {
    const { packages, files } = await deliveryGraph("app/root.tsx");
    expect(packages.some((name) => UI_PACKAGES.test(name))).toBe(true);
    expect(files.some((file) => UI_FILES.test(file))).toBe(true);
  });
});
