// Runs before `npm test`: the storefront tests drive Debian's Chromium through
// playwright-core, which cannot download a browser of its own on these machines.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("npm test: installing Debian's chromium for the browser tests (once)");
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium", {
      stdio: "inherit",
    });
  } else {
    console.error(
      `npm test: the browser tests need Chromium at ${chromium}. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}
