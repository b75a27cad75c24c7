import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `shopify app deploy` refuses a theme app extension with anything but these folders
// and file types next to shopify.extension.toml (the CLI's bundle validation); theme
// check does not look at this, so a stray README or src/ folder would only fail at deploy.
const ROOT = path.resolve("extensions", "tandem-theme");
const ALLOWED: Record<string, RegExp> = {
  assets: /\.(jpg|jpeg|json|js|css|png|svg|wasm)$/,
  blocks: /\.liquid$/,
  locales: /\.json$/,
  snippets: /\.liquid$/,
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [path.relative(ROOT, full)];
  });
}

describe("the theme app extension's layout", () => {
  it("GIVEN the extension folder THEN every file but the toml sits in an allowed folder with an allowed type", () => {
    const offending = filesUnder(ROOT)
      .filter((file) => file !== "shopify.extension.toml")
      .filter((file) => {
        const folder = file.split(path.sep)[0];
        return !(folder in ALLOWED) || !ALLOWED[folder].test(file) || file.split(path.sep).length !== 2;
      });
    expect(offending).toEqual([]);
  });
});
