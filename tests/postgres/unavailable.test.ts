import { describe, expect, it } from "vitest";

// Runs instead of the PostgreSQL project when its server cannot be started
// (vitest.config.ts): reports, as a skipped test, why the PostgreSQL tests did not run;
// in CI it fails instead, so CI cannot skip them silently.
const reason = process.env.TANDEM_POSTGRES_UNAVAILABLE ?? "unknown";

describe("PostgreSQL tests", () => {
  if (process.env.CI === "true") {
    it("must run in CI", () => {
      expect.fail(`PostgreSQL tests cannot run in CI: ${reason}. .ci/run installs Debian's postgresql package.`);
    });
  } else {
    it.skip(`DID NOT RUN: ${reason}. The database tests ran on SQLite only.`, () => {});
  }
});
