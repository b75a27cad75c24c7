import { execFileSync } from "node:child_process";
import { buildIsStale } from "../../scripts/lib/app-process";

/**
 * Tests that run the BUILT app (scripts/start.mjs) build it first when build/ is missing
 * or older than app/: a stale build would test yesterday's code.
 */
export function ensureBuilt(): void {
  if (buildIsStale()) execFileSync("npm", ["run", "build", "--silent"], { stdio: "ignore" });
}
